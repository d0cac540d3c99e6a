// The map's ties among these ids, with their type and ends: an import updates unchanged ties in place and
// replaces only those whose type or ends moved. One scan of the map's ties beats a seek per id and type.
MATCH (a:Actor {mapId: $mapId})-[r:PARTNERS_WITH|FUNDS|MENTORS|SUPPLIES|MEMBER_OF|REFERS_TO|VOLUNTEERS_AT]->(b:Actor)
WHERE r.id IN $ids
RETURN r.id AS id, type(r) AS neo4jType, a.id AS from, b.id AS to, r.createdAt AS createdAt
