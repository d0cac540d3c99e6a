// Read after commitments-recount in the same transaction (which holds the offerings' write locks): the offerings
// whose active commitments hold more than their capacity.
MATCH (o:Offering {mapId: $mapId})
WHERE o.id IN $offeringIds AND o.committed > o.capacity + $epsilon
RETURN o.id AS id, o.capacity AS capacity, o.committed AS committed
ORDER BY o.id
LIMIT 10
