// Read after commitment-lock in the same transaction: the latest committed values.
MATCH (o:Offering {mapId: $mapId, id: $offeringId})
MATCH (n:Need {mapId: $mapId, id: $needId})
RETURN o.capacity AS capacity, coalesce(o.committed, 0.0) AS committed, o.status AS offeringStatus,
  o.actorId AS offeringActor, o.unit AS offeringUnit, n.unit AS needUnit, n.quantity AS quantity, n.status AS needStatus, n.actorId AS needActor,
  COLLECT {
    MATCH (:Offering)-[c:FULFILLS]->(n) WHERE c.status IN $active RETURN c.amount
  } AS needAmounts
