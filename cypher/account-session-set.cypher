// Creates or saves a session, unless it was ended meanwhile (signed out, password changed, account disabled): a
// request racing the sign-out must not revive it.
MERGE (s:Session {id: $id})
WITH s WHERE s.ended IS NULL
SET s.data = $data, s.userId = $userId, s.expiresAt = $expiresAt
RETURN s.id AS id
