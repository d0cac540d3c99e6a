// Admin changes (disable, admin flag) and password changes; a disabled account loses its sessions at once.
MATCH (u:User {id: $id})
SET u += $set, u.updatedAt = $now
WITH u
CALL (u) {
  WITH u WHERE u.disabled OR $dropSessions
  // Ended, not deleted: a request still in flight cannot save it back (account-session-set.cypher).
  MATCH (s:Session {userId: u.id}) SET s.ended = true, s.data = null
}
RETURN u {.*} AS user
