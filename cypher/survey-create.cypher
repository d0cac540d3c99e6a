// A survey and the staging node of each respondent of its first round; the id is unique by constraint.
CREATE (s:Survey {mapId: $mapId, id: $survey.id})
SET s += $survey
WITH s
UNWIND $respondents AS row
CREATE (r:SurveyResponse {mapId: $mapId, surveyId: s.id, round: s.round, actorId: row.actorId})
SET r.tokenHash = row.tokenHash, r.status = 'not_opened'
RETURN count(r) AS respondents
