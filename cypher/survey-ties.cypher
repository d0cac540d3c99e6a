// The ties between roster members that survey answers reported, and how many both ends reported (confirmed).
MATCH (a:Actor {mapId: $mapId})-[r:PARTNERS_WITH|FUNDS|MENTORS|SUPPLIES|MEMBER_OF|REFERS_TO|VOLUNTEERS_AT]->(b:Actor)
WHERE a.id IN $rosterIds AND b.id IN $rosterIds AND r.mapId = $mapId AND size(coalesce(r.reportedBy, [])) > 0
RETURN count(r) AS reported,
  count(CASE WHEN a.id IN r.reportedBy AND b.id IN r.reportedBy THEN 1 END) AS confirmed
