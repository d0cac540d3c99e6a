// Writes a map's migrated units: categories of the default taxonomy get its unit where they have none, items their
// mapped unit, and commitments without one their offering's. The map node is touched first: it takes the map's lock, so
// no other write interleaves, and the version moves on so caches of analysis and matching are refreshed.
MATCH (m:Map {id: $mapId})
SET m.version = m.version + 1
WITH m
CALL (m) {
  UNWIND $categories AS row
  MATCH (c:Category {mapId: $mapId, id: row.id}) WHERE c.unit IS NULL
  SET c.unit = row.unit
}
CALL (m) {
  UNWIND $needs AS row
  MATCH (n:Need {mapId: $mapId, id: row.id})
  SET n.unit = row.unit
}
CALL (m) {
  UNWIND $offerings AS row
  MATCH (o:Offering {mapId: $mapId, id: row.id})
  SET o.unit = row.unit
}
CALL (m) {
  MATCH (o:Offering {mapId: $mapId})-[c:FULFILLS]->(:Need) WHERE c.unit IS NULL
  SET c.unit = o.unit
}
RETURN m.version AS version
