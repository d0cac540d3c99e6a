MATCH (r:SurveyResponse {mapId: $mapId, surveyId: $surveyId, round: $round, actorId: $actorId})
RETURN r {.*} AS response
