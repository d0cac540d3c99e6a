// Read after item-lock in the same transaction: how many active commitments a need or an offering has, and the
// amount they hold.
CALL () {
  MATCH (i:Need {mapId: $mapId, id: $id}) WHERE $kind = 'need' RETURN i
  UNION
  MATCH (i:Offering {mapId: $mapId, id: $id}) WHERE $kind = 'offering' RETURN i
}
OPTIONAL MATCH (i)-[c:FULFILLS]-() WHERE c.status IN $active
RETURN count(c) AS active, coalesce(sum(c.amount), 0.0) AS held
