// Deletes, by id, what a chunked import created before one of its chunks failed: ties and commitments first, then
// needs, offerings, actors and categories. Ids already gone are skipped.
// Ties and commitments are matched by (mapId, id), one type at a time, so each lookup uses that type's index.
CALL () {
  UNWIND $relationships AS id
  CALL (id) {
    MATCH ()-[r:PARTNERS_WITH {mapId: $mapId, id: id}]->() RETURN r
    UNION
    MATCH ()-[r:FUNDS {mapId: $mapId, id: id}]->() RETURN r
    UNION
    MATCH ()-[r:MENTORS {mapId: $mapId, id: id}]->() RETURN r
    UNION
    MATCH ()-[r:SUPPLIES {mapId: $mapId, id: id}]->() RETURN r
    UNION
    MATCH ()-[r:MEMBER_OF {mapId: $mapId, id: id}]->() RETURN r
    UNION
    MATCH ()-[r:REFERS_TO {mapId: $mapId, id: id}]->() RETURN r
    UNION
    MATCH ()-[r:VOLUNTEERS_AT {mapId: $mapId, id: id}]->() RETURN r
  }
  DELETE r
}
CALL () {
  UNWIND $commitments AS id
  MATCH ()-[c:FULFILLS {mapId: $mapId, id: id}]->()
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
