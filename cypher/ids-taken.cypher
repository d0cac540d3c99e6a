// Relationship ids are unique per map across every type: the store checks here, holding the map's lock.
UNWIND $ids AS id
MATCH (:Actor)-[r:PARTNERS_WITH|FUNDS|MENTORS|SUPPLIES|MEMBER_OF|REFERS_TO|VOLUNTEERS_AT]->(:Actor)
WHERE r.mapId = $mapId AND r.id = id
RETURN r.id AS id, r.createdAt AS createdAt
