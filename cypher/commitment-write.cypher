// Creates or replaces a commitment and records its effect on the offering and the need, a new version of each. The
// commitment's own `rev` comes in $commitment (the relationship is recreated on every write).
MATCH (o:Offering {mapId: $mapId, id: $offeringId})
MATCH (n:Need {mapId: $mapId, id: $needId})
CALL () {
  MATCH ()-[old:FULFILLS]->() WHERE old.mapId = $mapId AND old.id = $commitment.id DELETE old
}
CREATE (o)-[c:FULFILLS]->(n)
SET c = $commitment, c.mapId = $mapId,
  o.committed = $committed, o.status = $offeringStatus, o.updatedAt = $now,
  n.status = $needStatus, n.updatedAt = $now,
  o.rev = coalesce(o.rev, 1) + 1, n.rev = coalesce(n.rev, 1) + 1
REMOVE o._lock, n._lock
RETURN c.id AS id
