MATCH (c:Category {mapId: $mapId, id: $id})
RETURN c {.id, .name, .parent, .unit, .rev} AS category
