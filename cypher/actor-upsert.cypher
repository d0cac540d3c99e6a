// Creates or replaces actors by id, keeping each one's createdAt. Used by create (after an existence
// check), update and import. Rows carry every property (null removes one), so `+=` replaces the actor
// without touching its indexed keys.
UNWIND $rows AS row
MERGE (a:Actor {mapId: $mapId, id: row.id})
ON CREATE SET a.createdAt = $now
SET a += row, a.updatedAt = $now
RETURN count(a) AS count
