MATCH (n:Need {mapId: $mapId, id: $id})
RETURN n {.*} AS need
