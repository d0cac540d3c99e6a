MATCH (m:Map {id: $mapId})
RETURN m {
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
