// An import's new ties, given as parallel lists (one entry per tie), between actors found by element id (checked by
// key). The type is a parameter checked against RelationshipType's allow-list, never raw input. The match names no
// label, so the planner keeps the element-id seek; the keys go in with the CREATE so the index sees them once;
// properties are set one by one, since `+=` would make Cypher buffer every row first. A null is not set.
UNWIND range(0, size($id) - 1) AS i
MATCH (a) WHERE elementId(a) = $from[i] AND a.mapId = $mapId AND a.id = $fromId[i]
MATCH (b) WHERE elementId(b) = $to[i] AND b.mapId = $mapId AND b.id = $toId[i]
CREATE (a)-[r:$($type[i]) {mapId: $mapId, id: $id[i]}]->(b)
SET r.weight = $weight[i], r.amount = $amount[i], r.currency = $currency[i], r.since = $since[i],
  r.until = $until[i], r.createdAt = $createdAt[i], r.updatedAt = $updatedAt[i], r.rev = 1
RETURN count(r) AS count
