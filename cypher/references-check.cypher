// Which of the referenced items are missing, so a write can be refused before anything changes.
OPTIONAL MATCH (m:Map {id: $mapId})
RETURN m IS NOT NULL AS mapFound,
  [id IN $actorIds WHERE NOT EXISTS { MATCH (:Actor {mapId: $mapId, id: id}) }] AS missingActors,
  [id IN $categoryIds WHERE NOT EXISTS { MATCH (:Category {mapId: $mapId, id: id}) }] AS missingCategories,
  [id IN $needIds WHERE NOT EXISTS { MATCH (:Need {mapId: $mapId, id: id}) }] AS missingNeeds,
  [id IN $offeringIds WHERE NOT EXISTS { MATCH (:Offering {mapId: $mapId, id: id}) }] AS missingOfferings
