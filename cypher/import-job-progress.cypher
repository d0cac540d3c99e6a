// How far a running import got, and that its process is alive. A job already finished (or marked interrupted by
// another process that took it for dead) keeps its status; only its progress and heartbeat move on.
MATCH (j:ImportJob {id: $id})
SET j.phase = $phase, j.done = $done, j.total = $total, j.written = $written, j.items = $items, j.heartbeatAt = $now
RETURN j.id AS id
