// The next round: the same roster and questions, open again, and a staging node (with a new link) per respondent.
MATCH (s:Survey {mapId: $mapId, id: $id})
SET s.round = s.round + 1, s.status = 'open', s.closesAt = $closesAt, s.updatedAt = $now
WITH s
UNWIND $respondents AS row
CREATE (r:SurveyResponse {mapId: $mapId, surveyId: s.id, round: s.round, actorId: row.actorId})
SET r.tokenHash = row.tokenHash, r.status = 'not_opened'
RETURN s.round AS round, count(r) AS respondents
