// Creates or replaces actors by id, keeping each one's createdAt. Used by create (after an existence
// check), update and import.
UNWIND $rows AS row
MERGE (a:Actor {mapId: $mapId, id: row.id})
WITH a, row, coalesce(a.createdAt, $now) AS createdAt
SET a = row, a.mapId = $mapId, a.createdAt = createdAt, a.updatedAt = $now
RETURN count(a) AS count
