MATCH (c:Category {mapId: $mapId, id: $id})
RETURN c {.id, .name, .parent} AS category
