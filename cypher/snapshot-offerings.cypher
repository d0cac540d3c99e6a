MATCH (o:Offering {mapId: $mapId})
WITH collect(o.id) AS id, collect(o.actorId) AS actorId, collect(o.category) AS category, collect(o.title) AS title,
  collect(o.capacity) AS capacity, collect(coalesce(o.committed, 0.0)) AS committed, collect(o.modality) AS modality,
  collect(coalesce(o.reachKm, -1.0)) AS reachKm, collect(o.status) AS status,
  collect(coalesce(o.validUntil, '')) AS validUntil
UNWIND range(0, size(id), $chunk) AS i
RETURN id[i..i + $chunk] AS id, actorId[i..i + $chunk] AS actorId, category[i..i + $chunk] AS category,
  title[i..i + $chunk] AS title, capacity[i..i + $chunk] AS capacity, committed[i..i + $chunk] AS committed,
  modality[i..i + $chunk] AS modality, reachKm[i..i + $chunk] AS reachKm, status[i..i + $chunk] AS status,
  validUntil[i..i + $chunk] AS validUntil
