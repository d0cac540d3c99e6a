MATCH (m:Map {id: $mapId})
RETURN m {
  .*,
  visibility: coalesce(m.visibility, "private"),
  // The default of server/privacy/policy.ts DEFAULT_REDACTED_TYPES, for maps whose owners never chose.
  redactedTypes: coalesce(m.redactedTypes, $defaultRedactedTypes),
  counts: {
    actors: COUNT { (:Actor {mapId: m.id}) },
    needs: COUNT { (:Need {mapId: m.id}) },
    offerings: COUNT { (:Offering {mapId: m.id}) },
    relationships: COUNT { (:Actor {mapId: m.id})-[:PARTNERS_WITH|FUNDS|MENTORS|SUPPLIES|MEMBER_OF|REFERS_TO|VOLUNTEERS_AT]->() }
  },
  // An import that is running, or that stopped part way and left the map holding part of it (server/services/
  // import-jobs.ts). A job whose process stopped beating for 60 s (STALE_MS there) is taken as interrupted; one that
  // wrote nothing left the map as it was. Jobs older than the map belong to an earlier map of the same id.
  import: head(COLLECT {
    MATCH (j:ImportJob {mapId: m.id})
    WHERE j.clearedAt IS NULL AND j.status IN ["running", "interrupted"] AND j.startedAt >= m.createdAt
    WITH j, j.status = "interrupted" OR datetime(j.heartbeatAt) < datetime() - duration({seconds: 60}) AS stopped
    WHERE NOT stopped OR j.written > 0
    WITH j, stopped ORDER BY j.startedAt DESC LIMIT 1
    RETURN {
      status: CASE WHEN stopped THEN "interrupted" ELSE "running" END,
      jobId: j.id,
      startedAt: j.startedAt,
      done: j.written,
      total: j.items
    }
  })
} AS map
