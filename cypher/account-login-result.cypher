// A failed login counts against the account; from the fifth in a row, it is locked for 2^(n-5) seconds (at most a
// quarter of an hour), counted here so that concurrent attempts cannot share one count. A success resets both.
MATCH (u:User {id: $id})
WITH u, CASE WHEN $ok THEN 0 ELSE coalesce(u.failedLogins, 0) + 1 END AS failed
SET u.failedLogins = failed,
    u.lockedUntilMs = CASE
      WHEN failed < 5 THEN null
      WHEN failed >= 15 THEN $nowMs + 900000
      ELSE $nowMs + 1000 * toInteger(2 ^ (failed - 5))
    END
RETURN u.failedLogins AS failedLogins, u.lockedUntilMs AS lockedUntilMs
