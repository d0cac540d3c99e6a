// Replaces the properties of ties whose type and ends stay as they are, found by element id (checked by key); a
// property a row leaves out is removed. createdAt stays.
UNWIND $rows AS row
MATCH ()-[r]->() WHERE elementId(r) = row.element AND r.mapId = $mapId AND r.id = row.id
SET r.weight = row.weight, r.amount = row.amount, r.currency = row.currency, r.since = row.since,
  r.until = row.until, r.updatedAt = row.updatedAt, r.rev = coalesce(r.rev, 1) + 1
RETURN count(r) AS count
