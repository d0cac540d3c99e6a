MATCH (o:Offering {mapId: $mapId})-[c:FULFILLS]->(n:Need)
RETURN c {.*, offeringId: o.id, needId: n.id} AS commitment
ORDER BY c.id
