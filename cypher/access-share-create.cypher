MATCH (m:Map {id: $mapId})
CREATE (l:ShareLink {id: $id, mapId: m.id, hash: $hash, label: $label, expiresAt: $expiresAt, createdAt: $now,
  createdBy: $userId})
RETURN l {.id, .label, .expiresAt, .createdAt} AS link
