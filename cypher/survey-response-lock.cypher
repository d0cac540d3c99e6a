// Takes the write lock on one respondent's staging node and reads it, with its survey: its writes queue here.
MATCH (r:SurveyResponse {mapId: $mapId, surveyId: $surveyId, round: $round, actorId: $actorId})
SET r._lock = true
REMOVE r._lock
WITH r
MATCH (s:Survey {mapId: r.mapId, id: r.surveyId})
RETURN r {.*} AS response, s {.*} AS survey
