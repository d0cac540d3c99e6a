MATCH (o:Offering)-[c:FULFILLS]->(n:Need)
WHERE c.mapId = $mapId AND c.id = $id
RETURN c {.*, offeringId: o.id, needId: n.id} AS commitment
