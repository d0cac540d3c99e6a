// The maps a caller may list, with its role in each: public ones, those it holds a role in, every map for an admin.
MATCH (m:Map)
OPTIONAL MATCH (:User {id: $userId})-[r:HAS_ROLE]->(m)
WITH m, r
WHERE $admin OR m.visibility = "public" OR r IS NOT NULL
RETURN m.id AS id, coalesce(m.visibility, "private") AS visibility, r.role AS role
