// Takes the write lock on a need or an offering before anything about it is read (as commitment-lock does): a
// commitment being written on it finishes first, and none can land until this transaction ends.
CALL () {
  MATCH (i:Need {mapId: $mapId, id: $id}) WHERE $kind = 'need' RETURN i
  UNION
  MATCH (i:Offering {mapId: $mapId, id: $id}) WHERE $kind = 'offering' RETURN i
}
SET i._lock = true
REMOVE i._lock
RETURN i.id AS id
