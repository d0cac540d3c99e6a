MATCH (o:Offering {mapId: $mapId})
WITH o ORDER BY o.id
WITH collect(o.id) AS id, collect(o.actorId) AS actorId, collect(o.category) AS category, collect(o.title) AS title,
  collect(o.capacity) AS capacity, collect(coalesce(o.unit, '')) AS unit, collect(coalesce(o.committed, 0.0)) AS committed,
  collect(o.modality) AS modality, collect(coalesce(o.reachKm, -1.0)) AS reachKm, collect(o.status) AS status,
  collect(coalesce(o.validFrom, '')) AS validFrom, collect(coalesce(o.validUntil, '')) AS validUntil
UNWIND range(0, size(id), $chunk) AS i
RETURN id[i..i + $chunk] AS id, actorId[i..i + $chunk] AS actorId, category[i..i + $chunk] AS category,
  title[i..i + $chunk] AS title, capacity[i..i + $chunk] AS capacity, unit[i..i + $chunk] AS unit,
  committed[i..i + $chunk] AS committed, modality[i..i + $chunk] AS modality, reachKm[i..i + $chunk] AS reachKm,
  status[i..i + $chunk] AS status, validFrom[i..i + $chunk] AS validFrom, validUntil[i..i + $chunk] AS validUntil
