// The commitments of an import whose offering and need count in different units, or whose stated unit is neither's:
// an import refuses them, as the API refuses such a commitment.
UNWIND $rows AS row
MATCH (o:Offering {mapId: $mapId, id: row.offeringId})
MATCH (n:Need {mapId: $mapId, id: row.needId})
WITH row, o, n
WHERE o.unit <> n.unit OR (row.unit IS NOT NULL AND row.unit <> o.unit)
RETURN row.id AS id, o.id AS offeringId, o.unit AS offeringUnit, n.id AS needId, n.unit AS needUnit, row.unit AS unit
LIMIT 10
