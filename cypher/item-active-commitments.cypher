// Locks a need or offering (as commitment-lock does) and counts its active commitments: no commitment can land
// between this count and the write that follows in the same transaction.
CALL () {
  MATCH (i:Need {mapId: $mapId, id: $id}) WHERE $kind = 'need' RETURN i
  UNION
  MATCH (i:Offering {mapId: $mapId, id: $id}) WHERE $kind = 'offering' RETURN i
}
SET i._lock = true
REMOVE i._lock
WITH i
OPTIONAL MATCH (i)-[c:FULFILLS]-() WHERE c.status IN $active
RETURN count(c) AS active
