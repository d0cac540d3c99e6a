// Admin changes (disable, admin flag) and password changes; a disabled account loses its sessions at once.
MATCH (u:User {id: $id})
SET u += $set, u.updatedAt = $now
WITH u
CALL (u) {
  WITH u WHERE u.disabled OR $dropSessions
  MATCH (s:Session {userId: u.id}) DELETE s
}
RETURN u {.*} AS user
