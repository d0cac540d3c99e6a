// An import's actors that the map does not hold yet: created without the lookup an upsert makes. Each comes back
// with its element id, by which the import's later steps find it.
UNWIND $rows AS row
CREATE (a:Actor)
SET a = row, a.mapId = $mapId, a.createdAt = $now, a.rev = 1
RETURN a.id AS id, elementId(a) AS element
