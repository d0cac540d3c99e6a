// Compact snapshot rows for analysis: parallel lists, cut into records of $chunk items. One record per item
// costs a record each; one giant record costs the driver superlinear decoding; chunks avoid both.
// `ix` (Neo4j's internal id, stable within the read) lets the relationship rows travel as integers.
MATCH (m:Map {id: $mapId})
OPTIONAL MATCH (a:Actor {mapId: $mapId})
// Read in id order, so the same map gives the same analysis however it was imported.
WITH m, a ORDER BY a.id
WITH m, collect(id(a)) AS ix, collect(a.id) AS id, collect(a.name) AS name, collect(a.type) AS type,
  collect(coalesce(a.lat, 1000.0)) AS lat, collect(coalesce(a.lon, 1000.0)) AS lon,
  collect(coalesce(a.region, '')) AS region
UNWIND range(0, size(ix), $chunk) AS i
RETURN m.version AS version, ix[i..i + $chunk] AS ix, id[i..i + $chunk] AS id, name[i..i + $chunk] AS name,
  type[i..i + $chunk] AS type, lat[i..i + $chunk] AS lat, lon[i..i + $chunk] AS lon, region[i..i + $chunk] AS region
