// A background import, recorded before its request is answered: its address works from any API process and
// after a restart. `instance` names the API (host and port) across restarts; `processId` this run of it.
CREATE (j:ImportJob {
  id: $id,
  mapId: $mapId,
  status: "running",
  phase: "queued",
  done: 0,
  total: 0,
  written: 0,
  items: 0,
  startedAt: $now,
  heartbeatAt: $now,
  processId: $processId,
  instance: $instance
})
RETURN j.id AS id
