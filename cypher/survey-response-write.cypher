// One respondent's answers, status, stamps and staged changes: one node's properties, set together.
MATCH (r:SurveyResponse {mapId: $mapId, surveyId: $surveyId, round: $round, actorId: $actorId})
SET r += $set
RETURN r.status AS status
