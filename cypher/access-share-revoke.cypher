MATCH (l:ShareLink {mapId: $mapId, id: $id})
DELETE l
RETURN count(*) AS removed
