MERGE (s:Session {id: $id})
SET s.data = $data, s.userId = $userId, s.expiresAt = $expiresAt
