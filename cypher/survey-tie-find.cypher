// The tie of a type between two actors, in either direction, to confirm rather than duplicate.
MATCH (a:Actor {mapId: $mapId, id: $from})-[r]-(b:Actor {mapId: $mapId, id: $to})
WHERE type(r) = $neo4jType AND r.mapId = $mapId
RETURN r.id AS id
ORDER BY r.createdAt, r.id
LIMIT 1
