// Removes ties whose type or ends an import moves, before it creates them anew.
UNWIND $rows AS row
MATCH ()-[r]->() WHERE elementId(r) = row.element AND r.mapId = $mapId AND r.id = row.id
DELETE r
RETURN count(r) AS count
