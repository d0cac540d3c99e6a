// The end of an import: done, failed or interrupted, with how far it got. A completed import leaves the map whole,
// so the interrupted imports before it no longer mark the map (their own records still say they were interrupted).
MATCH (j:ImportJob {id: $id})
SET j.status = $status, j.phase = $phase, j.done = $done, j.total = $total, j.written = $written,
  j.items = $items, j.result = $result, j.error = $error, j.finishedAt = $now, j.heartbeatAt = $now
WITH j
CALL (j) {
  MATCH (old:ImportJob {mapId: j.mapId})
  WHERE $status = "done" AND old.clearedAt IS NULL AND old.startedAt <= j.startedAt AND old.id <> j.id
    AND old.status IN ["interrupted", "running"]
  SET old.clearedAt = $now, old.clearedBy = j.id,
    old.status = CASE old.status WHEN "running" THEN "interrupted" ELSE old.status END
}
RETURN j.id AS id
