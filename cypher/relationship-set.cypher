// Replaces the properties of ties whose type and ends stay as they are (found from their ends, which are indexed).
UNWIND $rows AS row
MATCH (:Actor {mapId: $mapId, id: row.from})-[r]->(:Actor {mapId: $mapId, id: row.to})
WHERE r.id = row.props.id
SET r += row.props
RETURN count(r) AS count
