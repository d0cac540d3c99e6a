// A category written without a unit keeps the one it has: an import that carries no units leaves the taxonomy's alone.
// `rev` is its version, as in actor-upsert.cypher.
UNWIND $rows AS row
MERGE (c:Category {mapId: $mapId, id: row.id})
ON CREATE SET c.rev = 0
SET c.name = row.name, c.parent = row.parent, c.unit = coalesce(row.unit, c.unit), c.rev = coalesce(c.rev, 1) + 1
RETURN count(c) AS count, count(CASE WHEN c.rev = 1 THEN 1 END) AS created
