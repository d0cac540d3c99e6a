MATCH (m:Map {id: $mapId})
SET m += $set, m.updatedAt = $now, m.version = m.version + 1
RETURN m.id AS id
