// Creates or replaces needs by id; links each to its actor, relinking it only when the actor changed.
UNWIND $rows AS row
MERGE (n:Need {mapId: $mapId, id: row.id})
ON CREATE SET n.createdAt = $now
WITH n, row, n.actorId AS oldActor
SET n += row, n.updatedAt = $now
WITH n, row, oldActor
CALL (n, row, oldActor) {
  WITH n, row WHERE oldActor IS NULL OR oldActor <> row.actorId
  OPTIONAL MATCH ()-[old:NEEDS]->(n)
  DELETE old
  WITH DISTINCT n, row
  MATCH (a:Actor {mapId: $mapId, id: row.actorId})
  CREATE (a)-[:NEEDS]->(n)
}
RETURN count(n) AS count
