MATCH (a:Actor {mapId: $mapId})-[r:PARTNERS_WITH|FUNDS|MENTORS|SUPPLIES|MEMBER_OF|REFERS_TO|VOLUNTEERS_AT]->(b:Actor)
WHERE ($neo4jType IS NULL OR type(r) = $neo4jType)
  AND ($actorId IS NULL OR a.id = $actorId OR b.id = $actorId)
WITH a, r, b ORDER BY r.id
WITH collect(r {.*, from: a.id, to: b.id, neo4jType: type(r)}) AS matched
RETURN size(matched) AS total, matched[$offset..($offset + $limit)] AS items
