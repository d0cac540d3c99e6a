// An actor takes its needs and offerings (and their commitments) with it.
MATCH (a:Actor {mapId: $mapId, id: $id})
CALL (a) {
  MATCH (a)-[:NEEDS|OFFERS]->(item) DETACH DELETE item
}
DETACH DELETE a
RETURN true AS deleted
