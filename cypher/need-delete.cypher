MATCH (n:Need {mapId: $mapId, id: $id})
DETACH DELETE n
RETURN true AS deleted
