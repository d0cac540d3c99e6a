// The type is a parameter checked against RelationshipType's allow-list; never raw input.
UNWIND $rows AS row
MATCH (a:Actor {mapId: $mapId, id: row.from})
MATCH (b:Actor {mapId: $mapId, id: row.to})
CREATE (a)-[r:$(row.neo4jType)]->(b)
SET r = row.props, r.mapId = $mapId
RETURN count(r) AS count
