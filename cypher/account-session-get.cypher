MATCH (s:Session {id: $id})
WHERE s.expiresAt > $now AND s.ended IS NULL
OPTIONAL MATCH (u:User {id: s.userId})
RETURN s.data AS data, u.disabled AS disabled
