// A map's own fields for its audit entry, without the item counts map-get adds (costly on a large map).
MATCH (m:Map {id: $mapId})
RETURN m {.*} AS map
