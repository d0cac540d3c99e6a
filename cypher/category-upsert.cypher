// A category written without a unit keeps the one it has: an import that carries no units leaves the taxonomy's alone.
UNWIND $rows AS row
MERGE (c:Category {mapId: $mapId, id: row.id})
SET c.name = row.name, c.parent = row.parent, c.unit = coalesce(row.unit, c.unit)
RETURN count(c) AS count
