// After an import: each offering's committed amount is the sum of its active commitments.
MATCH (o:Offering {mapId: $mapId})
WHERE o.id IN $offeringIds
SET o.committed = coalesce(COLLECT {
  MATCH (o)-[c:FULFILLS]->(:Need) WHERE c.status IN $active RETURN sum(c.amount) AS total
}[0], 0.0)
RETURN count(o) AS count
