MATCH (s:Session {id: $id})
WHERE s.expiresAt > $now
OPTIONAL MATCH (u:User {id: s.userId})
RETURN s.data AS data, u.disabled AS disabled
