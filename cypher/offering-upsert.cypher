// Creates or replaces offerings by id; links each to its actor, relinking it only when the actor changed.
// `committed` is derived from commitments, never from input: rows leave it out, so it survives the replace.
// `rev` is its version, as in actor-upsert.cypher.
UNWIND $rows AS row
MERGE (o:Offering {mapId: $mapId, id: row.id})
ON CREATE SET o.createdAt = $now, o.committed = 0.0, o.rev = 0
WITH o, row, o.actorId AS oldActor
SET o += row, o.updatedAt = $now, o.rev = coalesce(o.rev, 1) + 1
WITH o, row, oldActor
CALL (o, row, oldActor) {
  WITH o, row WHERE oldActor IS NULL OR oldActor <> row.actorId
  OPTIONAL MATCH ()-[old:OFFERS]->(o)
  DELETE old
  WITH DISTINCT o, row
  MATCH (a:Actor {mapId: $mapId, id: row.actorId})
  CREATE (a)-[:OFFERS]->(o)
}
RETURN count(o) AS count, count(CASE WHEN o.rev = 1 THEN 1 END) AS created
