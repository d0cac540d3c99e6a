// An import's needs, created or replaced by id, each linked to its actor and relinked only when the actor
// changed. The actor is found by element id and checked by key; the match names no label, so the planner keeps the
// element-id seek. The count falls short if an actor vanished during the import.
UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row.actor AND a.mapId = $mapId AND a.id = row.props.actorId
MERGE (n:Need {mapId: $mapId, id: row.props.id})
ON CREATE SET n.createdAt = $now, n.rev = 0
WITH a, n, row, n.actorId AS oldActor
SET n += row.props, n.rev = coalesce(n.rev, 1) + 1
WITH a, n, oldActor
CALL (a, n, oldActor) {
  WITH a, n WHERE oldActor IS NULL OR oldActor <> a.id
  OPTIONAL MATCH ()-[old:NEEDS]->(n)
  DELETE old
  WITH DISTINCT a, n
  CREATE (a)-[:NEEDS]->(n)
}
RETURN count(n) AS count
