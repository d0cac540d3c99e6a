// The element ids of actors an import refers to without carrying them.
UNWIND $ids AS id
MATCH (a:Actor {mapId: $mapId, id: id})
RETURN a.id AS id, elementId(a) AS element
