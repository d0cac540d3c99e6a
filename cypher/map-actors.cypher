MATCH (a:Actor {mapId: $mapId})
RETURN a {.*} AS actor
ORDER BY a.id
