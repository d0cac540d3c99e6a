UNWIND $rows AS row
MERGE (c:Category {mapId: $mapId, id: row.id})
SET c.name = row.name, c.parent = row.parent
RETURN count(c) AS count
