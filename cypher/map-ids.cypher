// Every id in a map, per kind, as one record: an import checks references against them and a dry run tells the
// items it would create from those it would update. Absent map, no record.
MATCH (m:Map {id: $mapId})
RETURN
  COLLECT { MATCH (c:Category {mapId: $mapId}) RETURN c.id } AS categories,
  COLLECT { MATCH (a:Actor {mapId: $mapId}) RETURN a.id } AS actors,
  COLLECT {
    MATCH (:Actor {mapId: $mapId})-[r:PARTNERS_WITH|FUNDS|MENTORS|SUPPLIES|MEMBER_OF|REFERS_TO|VOLUNTEERS_AT]->(:Actor)
    RETURN r.id
  } AS relationships,
  COLLECT { MATCH (n:Need {mapId: $mapId}) RETURN n.id } AS needs,
  COLLECT { MATCH (o:Offering {mapId: $mapId}) RETURN o.id } AS offerings,
  COLLECT { MATCH (:Offering {mapId: $mapId})-[c:FULFILLS]->(:Need) RETURN c.id } AS commitments
