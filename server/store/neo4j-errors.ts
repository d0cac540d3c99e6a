// Turns the driver's errors into domain errors, by code, at the adapter's edge.
import { ConflictError, UnavailableError } from "../domain/errors";

const UNAVAILABLE_CODES = new Set([
  "ServiceUnavailable",
  "SessionExpired",
  "ECONNREFUSED",
  "ECONNRESET",
  // A transaction the server cut off while shutting down: it was not committed, and a retry once it is back works.
  "Neo.ClientError.Transaction.LockClientStopped",
  "Neo.TransientError.Transaction.LockClientStopped",
]);

/** Turns the driver's errors into domain errors; anything else passes through unchanged. */
export function fromNeo4jError(err: unknown): unknown {
  const code = (err as { code?: string })?.code ?? "";
  if (code === "Neo.ClientError.Schema.ConstraintValidationFailed") {
    return new ConflictError("An item with this id already exists");
  }
  // Transient errors (out of transaction memory, a deadlock, a leader switch) that outlived the driver's retries:
  // nothing was written, and the same request later may well succeed.
  if (UNAVAILABLE_CODES.has(code) || code.startsWith("Neo.TransientError.")) {
    return new UnavailableError(err);
  }
  // Every pooled connection busy for longer than the driver waits: the database is there but saturated.
  if (/Connection acquisition timed out/i.test((err as { message?: string })?.message ?? "")) {
    return new UnavailableError(err);
  }
  return err;
}
