MATCH (c:Category {mapId: $mapId})
RETURN c {.id, .name, .parent, .unit} AS category
ORDER BY c.id
