// An import's actors, created or replaced by id (rows carry every property; null removes one). Each comes back
// with its element id, by which the import's later steps find it without an index seek.
UNWIND $rows AS row
MERGE (a:Actor {mapId: $mapId, id: row.id})
ON CREATE SET a.createdAt = $now, a.rev = 0
SET a += row, a.rev = coalesce(a.rev, 1) + 1
RETURN a.id AS id, elementId(a) AS element
