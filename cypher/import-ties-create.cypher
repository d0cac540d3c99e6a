// An import's new ties, between actors found by element id (checked by key). The type is a parameter checked
// against RelationshipType's allow-list, never raw input. The match names no label, so the planner keeps the
// element-id seek; the keys go in with the CREATE so the index sees them once; properties are set one by one,
// since `+=` would make Cypher buffer every row first. A property a row leaves out is not set.
UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row.from AND a.mapId = $mapId AND a.id = row.fromId
MATCH (b) WHERE elementId(b) = row.to AND b.mapId = $mapId AND b.id = row.toId
CREATE (a)-[r:$(row.type) {mapId: $mapId, id: row.id}]->(b)
SET r.weight = row.weight, r.amount = row.amount, r.since = row.since, r.until = row.until,
  r.createdAt = row.createdAt, r.updatedAt = row.updatedAt
RETURN count(r) AS count
