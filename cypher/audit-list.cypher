// A page of a map's audit trail, newest first. The count and the page are separate subqueries so a long history is
// never collected whole; the (mapId, at) index serves both.
CALL () {
  MATCH (e:AuditEntry {mapId: $mapId})
  WHERE ($entityId IS NULL OR e.entityId = $entityId)
    AND ($entityType IS NULL OR e.entityType = $entityType)
    AND ($userId IS NULL OR e.userId = $userId)
    AND ($action IS NULL OR e.action = $action)
    AND ($actorId IS NULL OR $actorId IN e.actorIds)
    AND ($since IS NULL OR e.at >= $since)
    AND ($until IS NULL OR e.at <= $until)
  RETURN count(e) AS total
}
CALL () {
  MATCH (e:AuditEntry {mapId: $mapId})
  WHERE ($entityId IS NULL OR e.entityId = $entityId)
    AND ($entityType IS NULL OR e.entityType = $entityType)
    AND ($userId IS NULL OR e.userId = $userId)
    AND ($action IS NULL OR e.action = $action)
    AND ($actorId IS NULL OR $actorId IN e.actorIds)
    AND ($since IS NULL OR e.at >= $since)
    AND ($until IS NULL OR e.at <= $until)
  WITH e ORDER BY e.at DESC, e.id DESC
  SKIP toInteger($offset) LIMIT toInteger($limit)
  RETURN collect(e {.*}) AS items
}
RETURN total, items
