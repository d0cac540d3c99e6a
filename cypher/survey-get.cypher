// One survey with its roster and the counts of its current round's respondents (actors deleted since drop out of both).
MATCH (s:Survey {mapId: $mapId, id: $id})
CALL (s) {
  UNWIND s.rosterIds AS actorId
  MATCH (a:Actor {mapId: s.mapId, id: actorId})
  WITH a ORDER BY a.name, a.id
  RETURN collect({actorId: a.id, name: a.name}) AS roster
}
CALL (s) {
  OPTIONAL MATCH (r:SurveyResponse {mapId: s.mapId, surveyId: s.id, round: s.round})
  WHERE EXISTS { MATCH (:Actor {mapId: s.mapId, id: r.actorId}) }
  RETURN count(r.openedAt) AS opened,
    count(CASE WHEN r.status IN ['started', 'submitted'] THEN 1 END) AS started,
    count(CASE WHEN r.status = 'submitted' THEN 1 END) AS submitted
}
RETURN s {.*} AS survey, roster, opened, started, submitted
