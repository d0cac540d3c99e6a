MATCH (n:Need {mapId: $mapId})
RETURN n {.*} AS need
ORDER BY n.id
