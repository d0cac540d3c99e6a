// Bulk form of commitment-write for imports; committed amounts are recounted afterwards. A commitment counts in its
// offering's unit: the import checked beforehand that the need's is the same.
UNWIND $rows AS row
MATCH (o:Offering {mapId: $mapId, id: row.offeringId})
MATCH (n:Need {mapId: $mapId, id: row.needId})
CALL (o, n, row) {
  MATCH ()-[old:FULFILLS]->() WHERE old.mapId = $mapId AND old.id = row.props.id DELETE old
}
CREATE (o)-[c:FULFILLS]->(n)
SET c = row.props, c.mapId = $mapId, c.unit = o.unit, c.rev = 1
RETURN count(c) AS count
