// Deletes, by id, what a chunked import created before one of its chunks failed: ties and commitments first, then
// needs, offerings, actors and categories. Ids already gone are skipped.
CALL () {
  UNWIND $relationships AS id
  MATCH (:Actor {mapId: $mapId})-[r:PARTNERS_WITH|FUNDS|MENTORS|SUPPLIES|MEMBER_OF|REFERS_TO|VOLUNTEERS_AT]->(:Actor)
  WHERE r.id = id
  DELETE r
}
CALL () {
  UNWIND $commitments AS id
  MATCH (:Offering {mapId: $mapId})-[c:FULFILLS]->(:Need)
  WHERE c.id = id
  DELETE c
}
CALL () {
  UNWIND $needs AS id
  MATCH (n:Need {mapId: $mapId, id: id})
  DETACH DELETE n
}
CALL () {
  UNWIND $offerings AS id
  MATCH (o:Offering {mapId: $mapId, id: id})
  DETACH DELETE o
}
CALL () {
  UNWIND $actors AS id
  MATCH (a:Actor {mapId: $mapId, id: id})
  DETACH DELETE a
}
CALL () {
  UNWIND $categories AS id
  MATCH (c:Category {mapId: $mapId, id: id})
  DETACH DELETE c
}
RETURN 1 AS done
