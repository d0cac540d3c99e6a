// Every survey of a map for its analysis: the roster (actors deleted since drop out), who submitted the current
// round, and the change lists with decisions of every round (where accepted ratings are read from).
MATCH (s:Survey {mapId: $mapId})
CALL (s) {
  UNWIND s.rosterIds AS actorId
  MATCH (a:Actor {mapId: s.mapId, id: actorId})
  RETURN collect(a.id) AS roster
}
CALL (s) {
  MATCH (r:SurveyResponse {mapId: s.mapId, surveyId: s.id, round: s.round})
  WHERE r.status = 'submitted'
  RETURN collect(r.actorId) AS submitted
}
CALL (s) {
  MATCH (r:SurveyResponse {mapId: s.mapId, surveyId: s.id})
  WHERE r.changes IS NOT NULL
  RETURN collect({actorId: r.actorId, round: r.round, changes: r.changes}) AS decided
}
RETURN s.id AS id, s.title AS title, s.round AS round, roster, submitted, decided
ORDER BY s.createdAt, s.id
