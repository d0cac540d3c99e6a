// A new account; the username constraint answers a taken name (409).
CREATE (u:User {id: $id, username: $username, name: $name, isAdmin: $isAdmin, disabled: false,
  passwordHash: $passwordHash, failedLogins: 0, createdAt: $now, updatedAt: $now})
RETURN u {.*} AS user
