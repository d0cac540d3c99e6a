// A new map with its taxonomy; its creator (when there is one) becomes its owner in the same transaction.
CREATE (m:Map {id: $id, name: $name, description: $description, visibility: $visibility, version: 1, rev: 1, createdAt: $now,
  updatedAt: $now, privacyKey: randomUUID()})
WITH m
CALL (m) {
  MATCH (u:User {id: $ownerId})
  CREATE (u)-[:HAS_ROLE {role: "owner", since: $now}]->(m)
}
WITH m
UNWIND $categories AS cat
CREATE (c:Category {mapId: $id, id: cat.id, name: cat.name})
SET c.parent = cat.parent, c.unit = cat.unit
RETURN count(c) AS categories
