// A one-time link to set a password: only its hash is kept; an older link of the same account stops working.
MATCH (u:User {id: $userId})
OPTIONAL MATCH (old:PasswordSetup {userId: u.id})
DELETE old
CREATE (p:PasswordSetup {hash: $hash, userId: u.id, expiresAt: $expiresAt, createdAt: $now})
RETURN p.userId AS userId
