// Deletes up to $batch of a map's audit entries: a deleted map's history goes with it, in batches like its items.
MATCH (e:AuditEntry {mapId: $mapId})
WITH e LIMIT toInteger($batch)
DELETE e
RETURN count(*) AS deleted
