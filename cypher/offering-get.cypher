MATCH (o:Offering {mapId: $mapId, id: $id})
RETURN o {.*} AS offering
