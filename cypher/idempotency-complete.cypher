// Stores the answer of the request that claimed the key, for its retries to receive.
MATCH (k:IdempotencyKey {id: $id, token: $token})
SET k.status = $status, k.body = $body, k.contentType = $contentType, k.etag = $etag
RETURN k.id AS id
