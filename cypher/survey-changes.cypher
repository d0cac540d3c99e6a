// The change lists of a round's submissions, with who submitted each.
MATCH (s:Survey {mapId: $mapId, id: $surveyId})
MATCH (r:SurveyResponse {mapId: s.mapId, surveyId: s.id})
WHERE r.round = coalesce($round, s.round) AND r.changes IS NOT NULL
RETURN r.actorId AS actorId, r.changes AS changes
ORDER BY r.actorId
