// $ids: the maps the caller may see (null: all).
MATCH (m:Map)
WHERE $ids IS NULL OR m.id IN $ids
WITH m ORDER BY m.name, m.id
WITH collect(m) AS maps
UNWIND maps[$offset..($offset + $limit)] AS m
RETURN size(maps) AS total, m {
  .*,
  visibility: coalesce(m.visibility, "private"),
  // The default of server/privacy/policy.ts DEFAULT_REDACTED_TYPES, for maps whose owners never chose.
  redactedTypes: coalesce(m.redactedTypes, $defaultRedactedTypes),
  counts: {
    actors: COUNT { (:Actor {mapId: m.id}) },
    needs: COUNT { (:Need {mapId: m.id}) },
    offerings: COUNT { (:Offering {mapId: m.id}) },
    relationships: COUNT { (:Actor {mapId: m.id})-[:PARTNERS_WITH|FUNDS|MENTORS|SUPPLIES|MEMBER_OF|REFERS_TO|VOLUNTEERS_AT]->() }
  }
} AS map
