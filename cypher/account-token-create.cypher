CREATE (t:ApiToken {id: $id, userId: $userId, name: $name, hash: $hash, role: $role, maps: $maps,
  expiresAt: $expiresAt, createdAt: $now, lastUsedAt: null})
RETURN t {.*, hash: null} AS token
