// Takes the write lock on a category before it is read: concurrent patches and a deletion queue here, so each reads
// (and compares the version of) what the last one left.
MATCH (c:Category {mapId: $mapId, id: $id})
SET c._lock = true
REMOVE c._lock
RETURN c.id AS id
