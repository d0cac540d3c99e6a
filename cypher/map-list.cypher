MATCH (m:Map)
WITH m ORDER BY m.name, m.id
WITH collect(m) AS maps
UNWIND maps[$offset..($offset + $limit)] AS m
RETURN size(maps) AS total, m {
  .*,
  counts: {
    actors: COUNT { (:Actor {mapId: m.id}) },
    needs: COUNT { (:Need {mapId: m.id}) },
    offerings: COUNT { (:Offering {mapId: m.id}) },
    relationships: COUNT { (:Actor {mapId: m.id})-[:PARTNERS_WITH|FUNDS|MENTORS|SUPPLIES|MEMBER_OF|REFERS_TO|VOLUNTEERS_AT]->() }
  }
} AS map
