// The account behind an API token, unless the token expired or the account is disabled.
MATCH (t:ApiToken {hash: $hash})
WHERE t.expiresAt IS NULL OR t.expiresAt > $now
MATCH (u:User {id: t.userId})
WHERE NOT u.disabled
RETURN t {.id, .role, .maps} AS token, u {.id, .username, .name, .isAdmin} AS user
