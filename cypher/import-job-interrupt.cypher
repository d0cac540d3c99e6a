// Running jobs whose process is gone: one that has not beaten for $staleBefore, or one recorded by an earlier run
// of this API ($instance, another $processId), found at start-up. $ids (or null for all) narrows it to some jobs.
MATCH (j:ImportJob {status: "running"})
WHERE ($ids IS NULL OR j.id IN $ids)
  AND (j.heartbeatAt < $staleBefore OR ($instance IS NOT NULL AND j.instance = $instance AND j.processId <> $processId))
SET j.status = "interrupted", j.finishedAt = coalesce(j.finishedAt, $now)
WITH j
// The job's process is gone, and so is its import's lease on the map: deletes need not wait for it to run out.
// (An import another process runs there renews its own lease within a quarter of its length.)
CALL (j) {
  MATCH (m:Map {id: j.mapId})
  SET m.importLeaseUntil = null
}
RETURN j.id AS id
