// A chunked import's lease on its map: while it holds, deletes that could take items the import has written (and
// so make the finished job's counts a lie) are refused. Renewed while the import runs, cleared when it ends, and it
// runs out by itself ($ms after the last renewal, on Neo4j's clock) if the importing process dies. $ms null clears,
// and a $renew extends only a lease still held: one given back meanwhile stays given back.
MATCH (m:Map {id: $mapId})
SET m.importLeaseUntil = CASE
  WHEN $ms IS NULL OR ($renew AND m.importLeaseUntil IS NULL) THEN null
  ELSE timestamp() + $ms
END
RETURN m.id AS id
