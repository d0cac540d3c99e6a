// An import's needs that the map does not hold yet, each created with its tie to its actor. The actor is found by
// element id and checked by key; the match names no label, so the planner keeps the element-id seek.
UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row.actor AND a.mapId = $mapId AND a.id = row.props.actorId
CREATE (a)-[:NEEDS]->(n:Need)
SET n = row.props, n.mapId = $mapId, n.createdAt = $now, n.rev = 1
RETURN count(n) AS count
