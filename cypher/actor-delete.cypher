// An actor takes its needs and offerings (and their commitments) with it; capacity its needs held on
// other actors' offerings is freed.
MATCH (a:Actor {mapId: $mapId, id: $id})
CALL (a) {
  MATCH (a)-[:NEEDS]->(:Need)<-[c:FULFILLS]-(o:Offering) WHERE c.status IN $active AND o.actorId <> a.id
  SET o.committed = o.committed - c.amount,
    o.status = CASE WHEN o.status = 'committed' THEN 'available' ELSE o.status END
}
CALL (a) {
  MATCH (a)-[:NEEDS|OFFERS]->(item) DETACH DELETE item
}
DETACH DELETE a
RETURN true AS deleted
