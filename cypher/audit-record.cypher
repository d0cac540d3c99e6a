// One entry of a map's audit trail, written in the transaction of the write it records, so it commits or rolls back
// with it. Null properties (no user, no before for a create, no counts) are simply not stored.
CREATE (e:AuditEntry {
  mapId: $mapId,
  id: $id,
  at: $at,
  userId: $userId,
  userName: $userName,
  via: $via,
  action: $action,
  entityType: $entityType,
  entityId: $entityId,
  actorIds: $actorIds,
  before: $before,
  after: $after,
  summary: $summary,
  counts: $counts
})
RETURN e.id AS id
