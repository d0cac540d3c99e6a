// Uses a one-time link: the link is deleted in the transaction that sets the password, so it works once.
MATCH (p:PasswordSetup {hash: $hash})
WHERE p.expiresAt > $now
MATCH (u:User {id: p.userId})
DELETE p
SET u.passwordHash = $passwordHash, u.failedLogins = 0, u.lockedUntilMs = null, u.updatedAt = $now
WITH u
CALL (u) { MATCH (s:Session {userId: u.id}) SET s.ended = true, s.data = null }
RETURN u.id AS userId
