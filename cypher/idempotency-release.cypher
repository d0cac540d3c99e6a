// Gives a key back when its request failed on the server's side (5xx): a retry runs the write again.
MATCH (k:IdempotencyKey {id: $id, token: $token}) WHERE k.status IS NULL
DELETE k
RETURN count(*) AS released
