// Creates or replaces needs by id and (re)links each to its actor and category.
UNWIND $rows AS row
MATCH (a:Actor {mapId: $mapId, id: row.actorId})
MATCH (c:Category {mapId: $mapId, id: row.category})
MERGE (n:Need {mapId: $mapId, id: row.id})
WITH n, a, c, row, coalesce(n.createdAt, $now) AS createdAt
CALL (n) {
  MATCH ()-[old:NEEDS]->(n) DELETE old
}
CALL (n) {
  MATCH (n)-[old:IN_CATEGORY]->() DELETE old
}
SET n = row, n.mapId = $mapId, n.createdAt = createdAt, n.updatedAt = $now
CREATE (a)-[:NEEDS]->(n), (n)-[:IN_CATEGORY]->(c)
RETURN count(n) AS count
