// Creates or replaces needs by id; links each to its actor and category, relinking only what moved.
UNWIND $rows AS row
MERGE (n:Need {mapId: $mapId, id: row.id})
ON CREATE SET n.createdAt = $now
WITH n, row, n.actorId AS oldActor, n.category AS oldCategory
SET n += row, n.updatedAt = $now
WITH n, row, oldActor, oldCategory
CALL (n, row, oldActor) {
  WITH n, row WHERE oldActor IS NULL OR oldActor <> row.actorId
  OPTIONAL MATCH ()-[old:NEEDS]->(n)
  DELETE old
  WITH DISTINCT n, row
  MATCH (a:Actor {mapId: $mapId, id: row.actorId})
  CREATE (a)-[:NEEDS]->(n)
}
CALL (n, row, oldCategory) {
  WITH n, row WHERE oldCategory IS NULL OR oldCategory <> row.category
  OPTIONAL MATCH (n)-[old:IN_CATEGORY]->()
  DELETE old
  WITH DISTINCT n, row
  MATCH (c:Category {mapId: $mapId, id: row.category})
  CREATE (n)-[:IN_CATEGORY]->(c)
}
RETURN count(n) AS count
