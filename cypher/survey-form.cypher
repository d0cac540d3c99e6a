// What a respondent's form shows of the map: the roster (with what says whether an actor is protected), the
// categories, the respondent's own needs and offerings, and its ties to roster members.
MATCH (m:Map {id: $mapId})
CALL (m) {
  UNWIND $rosterIds AS id
  MATCH (a:Actor {mapId: m.id, id: id})
  WHERE a.id <> $actorId
  RETURN collect(a {.id, .name, .type, .sensitive}) AS roster
}
CALL (m) {
  MATCH (c:Category {mapId: m.id})
  RETURN collect(c {.id, .name, .unit}) AS categories
}
CALL (m) {
  OPTIONAL MATCH (:Actor {mapId: m.id, id: $actorId})-[:NEEDS]->(n:Need)
  RETURN collect(n {.*}) AS needs
}
CALL (m) {
  OPTIONAL MATCH (:Actor {mapId: m.id, id: $actorId})-[:OFFERS]->(o:Offering)
  RETURN collect(o {.*}) AS offerings
}
CALL (m) {
  OPTIONAL MATCH (:Actor {mapId: m.id, id: $actorId})-[t:PARTNERS_WITH|FUNDS|MENTORS|SUPPLIES|MEMBER_OF|REFERS_TO|VOLUNTEERS_AT]-(b:Actor)
  WHERE t.mapId = m.id AND b.id IN $rosterIds
  RETURN collect({actorId: b.id, neo4jType: type(t), id: t.id, from: startNode(t).id, to: endNode(t).id,
    reportedBy: t.reportedBy}) AS partners
}
RETURN m.redactedTypes AS redactedTypes, roster, categories, needs, offerings, partners
