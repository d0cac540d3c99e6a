// Creates or replaces actors by id, keeping each one's createdAt. Used by create (after an existence
// check), update and import. Rows carry every property (null removes one), so `+=` replaces the actor
// without touching its indexed keys. `rev` is the actor's version: 1 when created (so `created` counts the rows this
// write created, which a create that lost a race to the same id reads as 0), one more on every write (a node
// written before versions existed counts as 1).
UNWIND $rows AS row
MERGE (a:Actor {mapId: $mapId, id: row.id})
ON CREATE SET a.createdAt = $now, a.rev = 0
SET a += row, a.updatedAt = $now, a.rev = coalesce(a.rev, 1) + 1
RETURN count(a) AS count, count(CASE WHEN a.rev = 1 THEN 1 END) AS created
