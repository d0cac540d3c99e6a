MATCH (a:Actor {mapId: $mapId})-[r:PARTNERS_WITH|FUNDS|MENTORS|SUPPLIES|MEMBER_OF|REFERS_TO|VOLUNTEERS_AT]->(b:Actor)
RETURN collect(a.id) AS from, collect(b.id) AS to, collect(type(r)) AS type, collect(r.weight) AS weight,
  collect(coalesce(r.amount, -1.0)) AS amount
