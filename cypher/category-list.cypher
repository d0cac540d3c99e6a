MATCH (c:Category {mapId: $mapId})
RETURN c {.id, .name, .parent} AS category
ORDER BY c.id
