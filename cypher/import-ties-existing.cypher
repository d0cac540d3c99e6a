// The map's ties among an import's ids, with their element ids, type and ends: unchanged ties are updated in place
// and only those whose type or ends moved are replaced. One scan of the map's ties beats a seek per id and type.
MATCH (a:Actor {mapId: $mapId})-[r:PARTNERS_WITH|FUNDS|MENTORS|SUPPLIES|MEMBER_OF|REFERS_TO|VOLUNTEERS_AT]->(b:Actor)
WHERE r.id IN $ids
RETURN r.id AS id, elementId(r) AS element, type(r) AS neo4jType, a.id AS from, b.id AS to, r.createdAt AS createdAt
