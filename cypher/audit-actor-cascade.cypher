// What an actor's deletion takes with it, for its audit entry: read under the actor's lock, before the deletion.
MATCH (a:Actor {mapId: $mapId, id: $id})
RETURN COUNT { (a)-[:NEEDS]->(:Need) } AS needs,
  COUNT { (a)-[:OFFERS]->(:Offering) } AS offerings,
  COUNT { (a)-[:PARTNERS_WITH|FUNDS|MENTORS|SUPPLIES|MEMBER_OF|REFERS_TO|VOLUNTEERS_AT]-(:Actor) } AS relationships,
  COUNT { (a)-[:NEEDS|OFFERS]->()-[:FULFILLS]-() } AS commitments
