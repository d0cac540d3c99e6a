// A respondent's link, found by its hash: only a current round's link of a survey whose map exists answers.
MATCH (r:SurveyResponse {tokenHash: $tokenHash})
MATCH (s:Survey {mapId: r.mapId, id: r.surveyId})
WHERE s.round = r.round AND EXISTS { MATCH (:Map {id: r.mapId}) }
MATCH (a:Actor {mapId: r.mapId, id: r.actorId})
RETURN r {.*} AS response, s {.*} AS survey, a.name AS name
