MATCH (m:Map {id: $mapId})
WITH m
MATCH (:User {id: $userId})-[r:HAS_ROLE]->(m)
DELETE r
RETURN count(r) AS removed
