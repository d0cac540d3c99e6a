// Takes the write lock on a tie before it is read: concurrent patches and a deletion queue here, so each reads (and
// compares the version of) what the last one left.
MATCH (:Actor)-[r:PARTNERS_WITH|FUNDS|MENTORS|SUPPLIES|MEMBER_OF|REFERS_TO|VOLUNTEERS_AT]->(:Actor)
WHERE r.mapId = $mapId AND r.id = $id
SET r._lock = true
REMOVE r._lock
RETURN r.id AS id
