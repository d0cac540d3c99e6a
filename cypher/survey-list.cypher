MATCH (s:Survey {mapId: $mapId})
RETURN s.id AS id
ORDER BY s.createdAt DESC, s.id
