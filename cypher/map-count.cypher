MATCH (m:Map)
WHERE $ids IS NULL OR m.id IN $ids
RETURN count(m) AS total
