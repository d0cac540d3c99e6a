// Creates or replaces needs by id; links each to its actor, relinking it only when the actor changed. `rev` is its version, as in
// actor-upsert.cypher.
UNWIND $rows AS row
MERGE (n:Need {mapId: $mapId, id: row.id})
ON CREATE SET n.createdAt = $now, n.rev = 0
WITH n, row, n.actorId AS oldActor
SET n += row, n.updatedAt = $now, n.rev = coalesce(n.rev, 1) + 1
WITH n, row, oldActor
CALL (n, row, oldActor) {
  WITH n, row WHERE oldActor IS NULL OR oldActor <> row.actorId
  OPTIONAL MATCH ()-[old:NEEDS]->(n)
  DELETE old
  WITH DISTINCT n, row
  MATCH (a:Actor {mapId: $mapId, id: row.actorId})
  CREATE (a)-[:NEEDS]->(n)
}
RETURN count(n) AS count, count(CASE WHEN n.rev = 1 THEN 1 END) AS created
