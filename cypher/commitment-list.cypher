MATCH (o:Offering {mapId: $mapId})-[c:FULFILLS]->(n:Need)
WHERE ($status IS NULL OR c.status = $status)
  AND ($offeringId IS NULL OR o.id = $offeringId)
  AND ($needId IS NULL OR n.id = $needId)
  AND ($actorId IS NULL OR o.actorId = $actorId OR n.actorId = $actorId)
WITH o, c, n ORDER BY c.createdAt, c.id
WITH collect(c {.*, unit: coalesce(c.unit, o.unit), offeringId: o.id, needId: n.id}) AS matched
RETURN size(matched) AS total, matched[$offset..($offset + $limit)] AS items
