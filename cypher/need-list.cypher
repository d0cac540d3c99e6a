MATCH (a:Actor {mapId: $mapId})-[:NEEDS]->(n:Need)
WHERE ($actorId IS NULL OR a.id = $actorId)
  AND ($actorType IS NULL OR a.type = $actorType)
  AND ($region IS NULL OR a.region = $region)
  AND ($status IS NULL OR n.status = $status)
  AND ($priority IS NULL OR n.priority = $priority)
  AND ($category IS NULL OR n.category = $category OR n.category STARTS WITH $category + '/')
  AND ($q IS NULL OR toLower(n.title) CONTAINS $q OR toLower(n.description) CONTAINS $q)
WITH n ORDER BY n.title, n.id
WITH collect(n) AS matched
RETURN size(matched) AS total, [x IN matched[$offset..($offset + $limit)] | x {.*}] AS items
