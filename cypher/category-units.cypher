// The default units of the named categories (a need's or offering's category and its ancestors).
MATCH (c:Category {mapId: $mapId})
WHERE c.id IN $ids
RETURN c.id AS id, c.unit AS unit
