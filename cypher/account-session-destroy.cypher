// Signing out ends the session but keeps its node (until it expires) as a mark: a request that read the session just
// before, and saves it as it answers, finds it ended and cannot bring it back (account-session-set.cypher).
MATCH (s:Session {id: $id}) SET s.ended = true, s.data = null
