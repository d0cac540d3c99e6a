MATCH (n:Need {mapId: $mapId})
RETURN collect(n.id) AS id, collect(n.actorId) AS actorId, collect(n.category) AS category, collect(n.title) AS title,
  collect(n.quantity) AS quantity, collect(n.priority) AS priority, collect(n.status) AS status
