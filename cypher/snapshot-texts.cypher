// What matching reads beyond the snapshot: descriptions and tags of needs and offerings, and how much of each
// need active commitments already cover. Chunked lists like the other snapshot queries.
CALL () {
  MATCH (n:Need {mapId: $mapId})
  CALL (n) {
    MATCH (:Offering)-[c:FULFILLS]->(n) WHERE c.status IN $active RETURN sum(c.amount) AS covered
  }
  RETURN n.id AS id, coalesce(n.description, '') AS description, coalesce(n.tags, []) AS tags, covered
  UNION ALL
  MATCH (o:Offering {mapId: $mapId})
  RETURN o.id AS id, coalesce(o.description, '') AS description, coalesce(o.tags, []) AS tags, 0.0 AS covered
}
WITH id, description, tags, covered ORDER BY id
WITH collect(id) AS id, collect(description) AS description, collect(tags) AS tags, collect(covered) AS covered
UNWIND range(0, size(id), $chunk) AS i
RETURN id[i..i + $chunk] AS id, description[i..i + $chunk] AS description, tags[i..i + $chunk] AS tags,
  covered[i..i + $chunk] AS covered
