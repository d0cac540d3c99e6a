// Every write bumps the map's version, so analysis caches know when to recompute.
MATCH (m:Map {id: $mapId})
SET m.updatedAt = $now, m.version = m.version + 1
RETURN m.version AS version
