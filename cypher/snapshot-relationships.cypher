// Integer ends and a type code (the index in RELATIONSHIP_TYPES): strings here would cost more than the
// analysis itself at 500k relationships. Chunked as in snapshot-actors. `unconfirmed`: the positions of the ties a
// survey reported from one end only. Only a map with a survey reads whether a tie was reported: that read costs a
// fifth of this query; a survey deleted since leaves its ties counted as typed ones.
OPTIONAL CALL {
  MATCH (s:Survey {mapId: $mapId})
  RETURN true AS surveyed
  LIMIT 1
}
MATCH (a:Actor {mapId: $mapId})-[r:PARTNERS_WITH|FUNDS|MENTORS|SUPPLIES|MEMBER_OF|REFERS_TO|VOLUNTEERS_AT]->(b:Actor)
WITH surveyed, a, r, b ORDER BY r.id
// collect() drops nulls: without a survey the flags are an empty list.
WITH collect(id(a)) AS from, collect(id(b)) AS to, collect(r.weight) AS weight,
  collect(CASE type(r)
    WHEN 'PARTNERS_WITH' THEN 0 WHEN 'FUNDS' THEN 1 WHEN 'MENTORS' THEN 2 WHEN 'SUPPLIES' THEN 3
    WHEN 'MEMBER_OF' THEN 4 WHEN 'REFERS_TO' THEN 5 ELSE 6 END) AS type,
  collect(CASE WHEN surveyed IS NULL THEN null
    WHEN r.reportedBy IS NULL OR size(r.reportedBy) = 0 THEN false
    ELSE NOT (a.id IN r.reportedBy AND b.id IN r.reportedBy) END) AS oneSided
UNWIND range(0, size(from), $chunk) AS i
RETURN from[i..i + $chunk] AS from, to[i..i + $chunk] AS to, weight[i..i + $chunk] AS weight, type[i..i + $chunk] AS type,
  CASE WHEN size(oneSided) = 0 THEN [] ELSE [j IN range(i, i + $chunk - 1) WHERE oneSided[j] | j] END AS unconfirmed
