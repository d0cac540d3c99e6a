// A map's categories (with their default units) and its needs and offerings whose unit is missing or not on the list.
MATCH (m:Map {id: $mapId})
RETURN
  COLLECT { MATCH (c:Category {mapId: $mapId}) RETURN c {.id, .unit} } AS categories,
  COLLECT {
    MATCH (i:Need|Offering {mapId: $mapId}) WHERE i.unit IS NULL OR NOT i.unit IN $units
    RETURN i {.id, .unit, .category, kind: CASE WHEN i:Need THEN 'need' ELSE 'offering' END}
  } AS items
