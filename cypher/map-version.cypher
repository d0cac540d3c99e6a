MATCH (m:Map {id: $mapId})
RETURN m.version AS version
