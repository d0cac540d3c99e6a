// Removes ties by id, found from their current ends, before an import recreates them with a new type or ends.
UNWIND $rows AS row
MATCH (:Actor {mapId: $mapId, id: row.from})-[r]->(:Actor {mapId: $mapId, id: row.to})
WHERE r.id = row.id
DELETE r
RETURN count(*) AS count
