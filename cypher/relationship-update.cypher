// The check of currency against amount reads the tie as patched, inside the same write, so a refused patch rolls
// back with it.
MATCH (:Actor)-[r:PARTNERS_WITH|FUNDS|MENTORS|SUPPLIES|MEMBER_OF|REFERS_TO|VOLUNTEERS_AT]->(:Actor)
WHERE r.mapId = $mapId AND r.id = $id
SET r += $set, r.updatedAt = $now, r.rev = coalesce(r.rev, 1) + 1
RETURN r.id AS id, r.currency IS NOT NULL AND r.amount IS NULL AS currencyWithoutAmount
