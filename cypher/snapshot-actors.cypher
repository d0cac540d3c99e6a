// Compact snapshot rows for analysis: one record of parallel lists instead of one record per actor.
// `ix` (Neo4j's internal id, stable within the read) lets the relationship rows travel as integers.
MATCH (m:Map {id: $mapId})
OPTIONAL MATCH (a:Actor {mapId: $mapId})
RETURN m.version AS version, collect(id(a)) AS ix, collect(a.id) AS id, collect(a.name) AS name,
  collect(a.type) AS type, collect(coalesce(a.lat, 1000.0)) AS lat, collect(coalesce(a.lon, 1000.0)) AS lon,
  collect(coalesce(a.region, '')) AS region
