// Claims an Idempotency-Key for one request, or answers what the request that claimed it stored. Under the key's
// unique constraint a concurrent claim waits for this one, then finds the node it did not create (claimed false).
// Expired keys go first: this one, so it can be claimed again, and a few others, so they never pile up.
CALL () {
  MATCH (old:IdempotencyKey {id: $id}) WHERE old.expiresAt <= $now
  DELETE old
}
CALL () {
  MATCH (old:IdempotencyKey) WHERE old.expiresAt <= $now
  WITH old LIMIT 100
  DELETE old
}
MERGE (k:IdempotencyKey {id: $id})
ON CREATE SET k.token = $token, k.fingerprint = $fingerprint, k.createdAt = $now, k.expiresAt = $expiresAt
RETURN k.token = $token AS claimed, k.fingerprint AS fingerprint, k.status AS status, k.body AS body,
  k.contentType AS contentType, k.etag AS etag
