// An import's offerings, created or replaced by id, each linked to its actor and relinked only when the actor
// changed. The actor is found by element id and checked by key; the match names no label, so the planner keeps the
// element-id seek. The count falls short if an actor vanished during the import.
// `committed` is derived from commitments, never from input: rows leave it out, so it survives the replace.
UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row.actor AND a.mapId = $mapId AND a.id = row.props.actorId
MERGE (o:Offering {mapId: $mapId, id: row.props.id})
ON CREATE SET o.createdAt = $now, o.committed = 0.0, o.rev = 0
WITH a, o, row, o.actorId AS oldActor
SET o += row.props, o.rev = coalesce(o.rev, 1) + 1
WITH a, o, oldActor
CALL (a, o, oldActor) {
  WITH a, o WHERE oldActor IS NULL OR oldActor <> a.id
  OPTIONAL MATCH ()-[old:OFFERS]->(o)
  DELETE old
  WITH DISTINCT a, o
  CREATE (a)-[:OFFERS]->(o)
}
RETURN count(o) AS count
