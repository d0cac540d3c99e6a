// Creates or replaces offerings by id; links each to its actor and category, relinking only what moved.
// `committed` is derived from commitments, never from input: rows leave it out, so it survives the replace.
UNWIND $rows AS row
MERGE (o:Offering {mapId: $mapId, id: row.id})
ON CREATE SET o.createdAt = $now, o.committed = 0.0
WITH o, row, o.actorId AS oldActor, o.category AS oldCategory
SET o += row, o.updatedAt = $now
WITH o, row, oldActor, oldCategory
CALL (o, row, oldActor) {
  WITH o, row WHERE oldActor IS NULL OR oldActor <> row.actorId
  OPTIONAL MATCH ()-[old:OFFERS]->(o)
  DELETE old
  WITH DISTINCT o, row
  MATCH (a:Actor {mapId: $mapId, id: row.actorId})
  CREATE (a)-[:OFFERS]->(o)
}
CALL (o, row, oldCategory) {
  WITH o, row WHERE oldCategory IS NULL OR oldCategory <> row.category
  OPTIONAL MATCH (o)-[old:IN_CATEGORY]->()
  DELETE old
  WITH DISTINCT o, row
  MATCH (c:Category {mapId: $mapId, id: row.category})
  CREATE (o)-[:IN_CATEGORY]->(c)
}
RETURN count(o) AS count
