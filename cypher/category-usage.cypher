// A category in use (by needs, offerings or sub-categories) cannot be deleted.
MATCH (c:Category {mapId: $mapId, id: $id})
RETURN COUNT { (c)<-[:IN_CATEGORY]-() } AS items, COUNT { (:Category {mapId: $mapId, parent: $id}) } AS children
