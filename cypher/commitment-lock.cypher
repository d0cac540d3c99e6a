// Takes write locks on the offering and the need before anything is read, so concurrent commitments
// queue here instead of each reading the same remaining capacity (Neo4j's documented lost-update guard).
MATCH (o:Offering {mapId: $mapId, id: $offeringId})
MATCH (n:Need {mapId: $mapId, id: $needId})
SET o._lock = true, n._lock = true
RETURN o.id AS offeringId, n.id AS needId
