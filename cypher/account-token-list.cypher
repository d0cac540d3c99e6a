MATCH (t:ApiToken {userId: $userId})
RETURN t {.id, .name, .role, .maps, .expiresAt, .createdAt} AS token
ORDER BY t.createdAt DESC
