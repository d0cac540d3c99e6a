MATCH (m:Map)
RETURN count(m) AS total
