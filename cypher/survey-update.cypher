MATCH (s:Survey {mapId: $mapId, id: $id})
SET s += $set, s.updatedAt = $now
RETURN s.id AS id
