MATCH (a:Actor)-[r:PARTNERS_WITH|FUNDS|MENTORS|SUPPLIES|MEMBER_OF|REFERS_TO|VOLUNTEERS_AT]->(b:Actor)
WHERE r.mapId = $mapId AND r.id = $id
RETURN r {.*, from: a.id, to: b.id, neo4jType: type(r)} AS relationship
