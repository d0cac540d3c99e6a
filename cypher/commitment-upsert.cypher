// Bulk form of commitment-write for imports; committed amounts are recounted afterwards.
UNWIND $rows AS row
MATCH (o:Offering {mapId: $mapId, id: row.offeringId})
MATCH (n:Need {mapId: $mapId, id: row.needId})
CALL (o, n, row) {
  MATCH ()-[old:FULFILLS]->() WHERE old.mapId = $mapId AND old.id = row.props.id DELETE old
}
CREATE (o)-[c:FULFILLS]->(n)
SET c = row.props, c.mapId = $mapId
RETURN count(c) AS count
