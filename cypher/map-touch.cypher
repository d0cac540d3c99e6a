// Every write bumps the map's version, so analysis caches know when to recompute. `importing`: a chunked import
// holds the map's lease (map-import-lease.cypher), read under the lock this SET takes.
MATCH (m:Map {id: $mapId})
SET m.updatedAt = $now, m.version = m.version + 1
RETURN m.version AS version, coalesce(m.importLeaseUntil, 0) > timestamp() AS importing
