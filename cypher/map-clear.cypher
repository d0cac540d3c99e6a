// Deletes up to $batch of a map's items with their ties; map deletion repeats it until nothing is left, then
// removes the map node. One transaction for a 100k-actor map would exceed Neo4j's transaction memory.
CALL () {
  MATCH (x:Need {mapId: $mapId}) RETURN x LIMIT toInteger($batch)
  UNION ALL
  MATCH (x:Offering {mapId: $mapId}) RETURN x LIMIT toInteger($batch)
  UNION ALL
  MATCH (x:Category {mapId: $mapId}) RETURN x LIMIT toInteger($batch)
  UNION ALL
  MATCH (x:Actor {mapId: $mapId}) RETURN x LIMIT toInteger($batch)
}
WITH x LIMIT toInteger($batch)
DETACH DELETE x
RETURN count(*) AS deleted
