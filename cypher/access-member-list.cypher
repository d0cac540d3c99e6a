MATCH (u:User)-[r:HAS_ROLE]->(:Map {id: $mapId})
RETURN u.id AS userId, u.username AS username, u.name AS name, r.role AS role
ORDER BY u.username
