// An import's offerings that the map does not hold yet, each created with its tie to its actor and nothing committed
// yet. The actor is found by element id and checked by key; the match names no label, so the planner keeps the
// element-id seek.
UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row.actor AND a.mapId = $mapId AND a.id = row.props.actorId
CREATE (a)-[:OFFERS]->(o:Offering)
SET o = row.props, o.mapId = $mapId, o.createdAt = $now, o.committed = 0.0, o.rev = 1
RETURN count(o) AS count
