CREATE (m:Map {id: $id, name: $name, description: $description, version: 1, createdAt: $now, updatedAt: $now})
WITH m
UNWIND $categories AS cat
CREATE (c:Category {mapId: $id, id: cat.id, name: cat.name})
SET c.parent = cat.parent, c.unit = cat.unit
RETURN count(c) AS categories
