// One account by id or by username (the other parameter null).
MATCH (u:User)
WHERE u.id = $id OR u.username = $username
RETURN u {.*} AS user
