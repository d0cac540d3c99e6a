MATCH (o:Offering {mapId: $mapId, id: $id})
DETACH DELETE o
RETURN true AS deleted
