// Relationship ids are unique per map across every type; constraints guard one type at a time.
UNWIND $ids AS id
MATCH (:Actor)-[r:PARTNERS_WITH|FUNDS|MENTORS|SUPPLIES|MEMBER_OF|REFERS_TO|VOLUNTEERS_AT]->(:Actor)
WHERE r.mapId = $mapId AND r.id = id
RETURN r.id AS id, r.createdAt AS createdAt
