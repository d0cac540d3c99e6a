MATCH (a:Actor {mapId: $mapId, id: $id})
RETURN a {.*} AS actor
