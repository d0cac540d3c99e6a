// The actors a new survey asks: those named by id, and those matching every filter given (a type among `types`, a
// region among `regions`, a tag among `tags`); no filter given adds no one.
MATCH (a:Actor {mapId: $mapId})
WHERE a.id IN $actorIds
  OR (($types IS NOT NULL OR $regions IS NOT NULL OR $tags IS NOT NULL)
    AND ($types IS NULL OR a.type IN $types)
    AND ($regions IS NULL OR a.region IN $regions)
    AND ($tags IS NULL OR any(t IN coalesce(a.tags, []) WHERE t IN $tags)))
RETURN a.id AS id
ORDER BY a.name, a.id
