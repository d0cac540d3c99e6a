// Gives an account a role in a map (or changes it); the caller holds the map's lock (access-map-lock).
MATCH (m:Map {id: $mapId}), (u:User {id: $userId})
MERGE (u)-[r:HAS_ROLE]->(m)
SET r.role = $role, r.since = coalesce(r.since, $now)
RETURN u.id AS userId, u.username AS username, u.name AS name, r.role AS role
