// Creates or replaces offerings by id and (re)links each to its actor and category.
UNWIND $rows AS row
MATCH (a:Actor {mapId: $mapId, id: row.actorId})
MATCH (c:Category {mapId: $mapId, id: row.category})
MERGE (o:Offering {mapId: $mapId, id: row.id})
// `committed` is derived from commitments, never from input: keep it across the replace.
WITH o, a, c, row, coalesce(o.createdAt, $now) AS createdAt, coalesce(o.committed, 0.0) AS committed
CALL (o) {
  MATCH ()-[old:OFFERS]->(o) DELETE old
}
CALL (o) {
  MATCH (o)-[old:IN_CATEGORY]->() DELETE old
}
SET o = row, o.mapId = $mapId, o.createdAt = createdAt, o.updatedAt = $now, o.committed = committed
CREATE (a)-[:OFFERS]->(o), (o)-[:IN_CATEGORY]->(c)
RETURN count(o) AS count
