// A category in use (by needs, offerings or sub-categories) cannot be deleted.
MATCH (c:Category {mapId: $mapId, id: $id})
RETURN COUNT { (:Need {mapId: $mapId, category: $id}) } + COUNT { (:Offering {mapId: $mapId, category: $id}) } AS items,
  COUNT { (:Category {mapId: $mapId, parent: $id}) } AS children
