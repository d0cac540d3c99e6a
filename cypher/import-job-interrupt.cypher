// Running jobs whose process is gone: one that has not beaten for $staleBefore, or one recorded by an earlier run
// of this API ($instance, another $processId), found at start-up. $ids (or null for all) narrows it to some jobs.
MATCH (j:ImportJob {status: "running"})
WHERE ($ids IS NULL OR j.id IN $ids)
  AND (j.heartbeatAt < $staleBefore OR ($instance IS NOT NULL AND j.instance = $instance AND j.processId <> $processId))
SET j.status = "interrupted", j.finishedAt = coalesce(j.finishedAt, $now)
RETURN j.id AS id
