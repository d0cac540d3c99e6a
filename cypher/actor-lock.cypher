// Takes the write lock on an actor: a deletion and a write that hangs a need or an offering on it queue here, so
// the deletion sees every item linked before it, and an item written after it finds no actor (404/400).
MATCH (a:Actor {mapId: $mapId, id: $id})
SET a._lock = true
REMOVE a._lock
RETURN a.id AS id
