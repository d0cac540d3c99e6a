// `covered`: what active commitments already promise each need, so analysis counts only what is still wanted.
MATCH (n:Need {mapId: $mapId})
CALL (n) {
  OPTIONAL MATCH ()-[c:FULFILLS]->(n) WHERE c.status IN $active
  RETURN coalesce(sum(c.amount), 0.0) AS covered
}
WITH n, covered ORDER BY n.id
WITH collect(n.id) AS id, collect(n.actorId) AS actorId, collect(n.category) AS category, collect(n.title) AS title,
  collect(n.quantity) AS quantity, collect(coalesce(n.unit, '')) AS unit, collect(n.priority) AS priority,
  collect(n.status) AS status, collect(covered) AS covered
UNWIND range(0, size(id), $chunk) AS i
RETURN id[i..i + $chunk] AS id, actorId[i..i + $chunk] AS actorId, category[i..i + $chunk] AS category,
  title[i..i + $chunk] AS title, quantity[i..i + $chunk] AS quantity, unit[i..i + $chunk] AS unit,
  priority[i..i + $chunk] AS priority, status[i..i + $chunk] AS status, covered[i..i + $chunk] AS covered
