MATCH (o:Offering)-[c:FULFILLS]->(n:Need)
WHERE c.mapId = $mapId AND c.id = $id
RETURN c {.*, unit: coalesce(c.unit, o.unit), offeringId: o.id, needId: n.id} AS commitment
