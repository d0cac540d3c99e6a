// Creates or replaces offerings by id; links each to its actor, relinking it only when the actor changed.
// `committed` is derived from commitments, never from input: rows leave it out, so it survives the replace.
UNWIND $rows AS row
MERGE (o:Offering {mapId: $mapId, id: row.id})
ON CREATE SET o.createdAt = $now, o.committed = 0.0
WITH o, row, o.actorId AS oldActor
SET o += row, o.updatedAt = $now
WITH o, row, oldActor
CALL (o, row, oldActor) {
  WITH o, row WHERE oldActor IS NULL OR oldActor <> row.actorId
  OPTIONAL MATCH ()-[old:OFFERS]->(o)
  DELETE old
  WITH DISTINCT o, row
  MATCH (a:Actor {mapId: $mapId, id: row.actorId})
  CREATE (a)-[:OFFERS]->(o)
}
RETURN count(o) AS count
