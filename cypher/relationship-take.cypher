// Bulk form of relationship-delete-by-ids for imports: one scan of the map's ties beats thousands of
// per-type index seeks. Returns when each removed tie was first made, so its upsert keeps that date.
MATCH (:Actor {mapId: $mapId})-[r:PARTNERS_WITH|FUNDS|MENTORS|SUPPLIES|MEMBER_OF|REFERS_TO|VOLUNTEERS_AT]->(:Actor)
WHERE r.id IN $ids
WITH r, r.id AS id, r.createdAt AS createdAt
DELETE r
RETURN id, createdAt
