// The respondents of a survey's current round, by name; actors deleted since drop out.
MATCH (s:Survey {mapId: $mapId, id: $id})
MATCH (r:SurveyResponse {mapId: s.mapId, surveyId: s.id, round: s.round})
MATCH (a:Actor {mapId: s.mapId, id: r.actorId})
RETURN r {.actorId, .status, .openedAt, .savedAt, .submittedAt, name: a.name} AS respondent
ORDER BY a.name, a.id
