// Finished jobs are kept a week, then go: their address answers 404. Interrupted jobs that still mark their map stay
// until an import completes it.
MATCH (j:ImportJob)
WHERE j.finishedAt < $before AND (j.status IN ["done", "failed"] OR j.clearedAt IS NOT NULL)
WITH j LIMIT 1000
DELETE j
RETURN count(*) AS count
