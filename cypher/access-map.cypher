// What decides a caller's reach into a map: its visibility, the caller's role, and whether a share link is live.
MATCH (m:Map {id: $mapId})
OPTIONAL MATCH (:User {id: $userId})-[r:HAS_ROLE]->(m)
OPTIONAL MATCH (l:ShareLink {mapId: m.id, hash: $shareHash})
WHERE l.expiresAt IS NULL OR l.expiresAt > $now
RETURN coalesce(m.visibility, "private") AS visibility, r.role AS role, l IS NOT NULL AS shared
