MATCH (o:Offering {mapId: $mapId})
RETURN collect(o.id) AS id, collect(o.actorId) AS actorId, collect(o.category) AS category, collect(o.title) AS title,
  collect(o.capacity) AS capacity, collect(o.modality) AS modality, collect(coalesce(o.reachKm, -1.0)) AS reachKm,
  collect(o.status) AS status, collect(coalesce(o.committed, 0.0)) AS committed, collect(coalesce(o.validUntil, '')) AS validUntil
