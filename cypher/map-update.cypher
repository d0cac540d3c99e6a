MATCH (m:Map {id: $mapId})
// `version` counts every write to the map and its items (map-touch), `rev` only changes to the map itself: the
// version a conditional PATCH or DELETE of the map compares.
SET m += $set, m.updatedAt = $now, m.version = m.version + 1, m.rev = coalesce(m.rev, 1) + 1
RETURN m.id AS id
