MATCH (a:Actor {mapId: $mapId})
WHERE ($type IS NULL OR a.type = $type)
  AND ($region IS NULL OR a.region = $region)
  AND ($tag IS NULL OR $tag IN a.tags)
  AND ($q IS NULL OR toLower(a.name) CONTAINS $q OR toLower(a.description) CONTAINS $q)
  AND ($category IS NULL OR EXISTS {
    (a)-[:NEEDS|OFFERS]->(item) WHERE item.category = $category OR item.category STARTS WITH $category + '/'
  })
WITH a ORDER BY a.name, a.id
WITH collect(a) AS matched
RETURN size(matched) AS total, [x IN matched[$offset..($offset + $limit)] | x {.*}] AS items
