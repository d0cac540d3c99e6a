// Adds a respondent to the actors that reported a tie, with the provenance of the accepted answer.
MATCH (:Actor)-[r:PARTNERS_WITH|FUNDS|MENTORS|SUPPLIES|MEMBER_OF|REFERS_TO|VOLUNTEERS_AT]->(:Actor)
WHERE r.mapId = $mapId AND r.id = $id
SET r.reportedBy = CASE WHEN $respondentId IN coalesce(r.reportedBy, []) THEN r.reportedBy
    ELSE coalesce(r.reportedBy, []) + $respondentId END,
  r.provenance = $provenance, r.updatedAt = $now, r.rev = coalesce(r.rev, 1) + 1
RETURN r.id AS id
