MATCH (c:Category {mapId: $mapId, id: $id})
DETACH DELETE c
RETURN true AS deleted
