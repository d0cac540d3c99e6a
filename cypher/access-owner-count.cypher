MATCH (:User)-[r:HAS_ROLE {role: "owner"}]->(:Map {id: $mapId})
RETURN count(r) AS owners
