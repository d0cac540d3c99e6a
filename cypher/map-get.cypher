MATCH (m:Map {id: $mapId})
RETURN m {
  .*,
  counts: {
    actors: COUNT { (:Actor {mapId: m.id}) },
    needs: COUNT { (:Need {mapId: m.id}) },
    offerings: COUNT { (:Offering {mapId: m.id}) },
    relationships: COUNT { (:Actor {mapId: m.id})-[:PARTNERS_WITH|FUNDS|MENTORS|SUPPLIES|MEMBER_OF|REFERS_TO|VOLUNTEERS_AT]->() }
  }
} AS map
