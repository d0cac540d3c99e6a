MATCH (l:ShareLink {mapId: $mapId})
RETURN l {.id, .label, .expiresAt, .createdAt} AS link
ORDER BY l.createdAt DESC
