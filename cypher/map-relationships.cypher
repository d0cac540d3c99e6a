MATCH (a:Actor {mapId: $mapId})-[r:PARTNERS_WITH|FUNDS|MENTORS|SUPPLIES|MEMBER_OF|REFERS_TO|VOLUNTEERS_AT]->(b:Actor)
RETURN r {.*, from: a.id, to: b.id, neo4jType: type(r)} AS relationship
ORDER BY r.id
