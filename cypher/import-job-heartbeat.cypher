// The jobs of a live process, still running: their process answers, whatever phase holds them.
MATCH (j:ImportJob) WHERE j.id IN $ids AND j.status = "running"
SET j.heartbeatAt = $now
RETURN count(j) AS count
