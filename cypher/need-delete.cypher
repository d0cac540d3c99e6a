// Deleting a need frees what its active commitments held on other actors' offerings.
MATCH (n:Need {mapId: $mapId, id: $id})
CALL (n) {
  MATCH (o:Offering)-[c:FULFILLS]->(n) WHERE c.status IN $active
  SET o.committed = o.committed - c.amount,
    o.status = CASE WHEN o.status = 'committed' THEN 'available' ELSE o.status END
}
DETACH DELETE n
RETURN true AS deleted
