// Maps holding needs or offerings whose unit is missing or not on the list ($units), or commitments without a unit,
// or categories of the default taxonomy ($defaults) without the unit it gives them: what the units migration fixes.
CALL () {
  MATCH (i:Need|Offering) WHERE i.unit IS NULL OR NOT i.unit IN $units RETURN DISTINCT i.mapId AS mapId
  UNION
  MATCH ()-[c:FULFILLS]->() WHERE c.unit IS NULL RETURN DISTINCT c.mapId AS mapId
  UNION
  UNWIND $defaults AS d
  MATCH (c:Category {id: d.id}) WHERE c.unit IS NULL RETURN DISTINCT c.mapId AS mapId
}
RETURN mapId ORDER BY mapId
