MATCH (t:ApiToken {id: $id, userId: $userId})
WITH t, t.hash AS hash
DELETE t
RETURN hash
