// A survey goes with the staged answers of every round.
MATCH (s:Survey {mapId: $mapId, id: $id})
CALL (s) {
  MATCH (r:SurveyResponse {mapId: s.mapId, surveyId: s.id}) DELETE r
}
DELETE s
RETURN true AS deleted
