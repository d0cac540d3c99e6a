// Removes relationships by id whatever their type; an upsert then recreates them (the type may change).
UNWIND $ids AS id
MATCH (:Actor)-[r:PARTNERS_WITH|FUNDS|MENTORS|SUPPLIES|MEMBER_OF|REFERS_TO|VOLUNTEERS_AT]->(:Actor)
WHERE r.mapId = $mapId AND r.id = id
DELETE r
RETURN count(*) AS count
