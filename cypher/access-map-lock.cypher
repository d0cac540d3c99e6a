// Takes the map node's write lock for the rest of the transaction, without changing the map.
MATCH (m:Map {id: $mapId})
SET m._lock = true
REMOVE m._lock
RETURN count(m) AS found
