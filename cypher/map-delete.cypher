MATCH (m:Map {id: $mapId})
CALL (m) {
  MATCH (n:Need {mapId: m.id}) DETACH DELETE n
}
CALL (m) {
  MATCH (o:Offering {mapId: m.id}) DETACH DELETE o
}
CALL (m) {
  MATCH (c:Category {mapId: m.id}) DETACH DELETE c
}
CALL (m) {
  MATCH (a:Actor {mapId: m.id}) DETACH DELETE a
}
CALL (m) {
  MATCH (l:ShareLink {mapId: m.id}) DELETE l
}
// Surveys and their staged answers, so a map made again under the same id starts without them.
CALL (m) {
  MATCH (s:Survey {mapId: m.id})
  CALL (s) {
    MATCH (r:SurveyResponse {mapId: s.mapId, surveyId: s.id}) DELETE r
  }
  DELETE s
}
DETACH DELETE m
RETURN true AS deleted
