// The type is a parameter checked against RelationshipType's allow-list; never raw input. The keys go in with
// the CREATE so the index sees them once.
UNWIND $rows AS row
MATCH (a:Actor {mapId: $mapId, id: row.from})
MATCH (b:Actor {mapId: $mapId, id: row.to})
CREATE (a)-[r:$(row.neo4jType) {mapId: $mapId, id: row.props.id}]->(b)
SET r += row.props, r.rev = 1
RETURN count(r) AS count
