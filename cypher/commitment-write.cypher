// Creates or replaces a commitment and records its effect on the offering and the need.
MATCH (o:Offering {mapId: $mapId, id: $offeringId})
MATCH (n:Need {mapId: $mapId, id: $needId})
CALL () {
  MATCH ()-[old:FULFILLS]->() WHERE old.mapId = $mapId AND old.id = $commitment.id DELETE old
}
CREATE (o)-[c:FULFILLS]->(n)
SET c = $commitment, c.mapId = $mapId,
  o.committed = $committed, o.status = $offeringStatus, o.updatedAt = $now,
  n.status = $needStatus, n.updatedAt = $now
REMOVE o._lock, n._lock
RETURN c.id AS id
