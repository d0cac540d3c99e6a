MATCH (o:Offering {mapId: $mapId})-[c:FULFILLS]->(n:Need)
RETURN c {.*, unit: coalesce(c.unit, o.unit), offeringId: o.id, needId: n.id} AS commitment
ORDER BY c.id
