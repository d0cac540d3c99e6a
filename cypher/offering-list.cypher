MATCH (a:Actor {mapId: $mapId})-[:OFFERS]->(o:Offering)
WHERE ($actorId IS NULL OR a.id = $actorId)
  AND ($actorType IS NULL OR a.type = $actorType)
  AND ($region IS NULL OR a.region = $region)
  AND ($status IS NULL OR o.status = $status)
  AND ($modality IS NULL OR o.modality = $modality)
  AND ($category IS NULL OR o.category = $category OR o.category STARTS WITH $category + '/')
  AND ($q IS NULL OR toLower(o.title) CONTAINS $q OR toLower(o.description) CONTAINS $q)
WITH o ORDER BY o.title, o.id
WITH collect(o) AS matched
RETURN size(matched) AS total, [x IN matched[$offset..($offset + $limit)] | x {.*}] AS items
