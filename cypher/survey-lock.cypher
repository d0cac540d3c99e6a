// Takes the write lock on a survey and reads it: a new round, a patch and a deletion queue here.
MATCH (s:Survey {mapId: $mapId, id: $id})
SET s._lock = true
REMOVE s._lock
RETURN s {.*} AS survey
