MATCH (j:ImportJob {id: $id, mapId: $mapId})
RETURN j {.*} AS job
