MATCH (o:Offering {mapId: $mapId})
RETURN o {.*} AS offering
ORDER BY o.id
