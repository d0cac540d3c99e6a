// The ties of a map that survey answers reported, with who reported them.
MATCH (a:Actor {mapId: $mapId})-[r:PARTNERS_WITH|FUNDS|MENTORS|SUPPLIES|MEMBER_OF|REFERS_TO|VOLUNTEERS_AT]->(b:Actor)
WHERE r.mapId = $mapId AND size(coalesce(r.reportedBy, [])) > 0
RETURN a.id AS from, b.id AS to, toLower(type(r)) AS type, r.reportedBy AS reportedBy
ORDER BY r.id
