// The driver's errors as the API answers them: a database that is away, shutting down or saturated is a 503 (try
// again), a taken id a 409, anything else passes through to be a 500 with its details in the log.
import { describe, expect, it } from "vitest";
import { ConflictError, UnavailableError } from "../../server/domain/errors";
import { fromNeo4jError } from "../../server/store/neo4j-errors";

const driverError = (code: string, message = "") => Object.assign(new Error(message), { code });

describe("driver errors", () => {
  it("are 503 when the database is away, stopping, or has no free connection", () => {
    for (const err of [
      driverError("ServiceUnavailable"),
      driverError("SessionExpired"),
      driverError("Neo.TransientError.General.DatabaseUnavailable"),
      driverError("Neo.ClientError.Transaction.LockClientStopped"),
      driverError("Neo.TransientError.General.MemoryPoolOutOfMemoryError"),
      driverError("Neo.TransientError.Transaction.DeadlockDetected"),
      driverError("", "Connection acquisition timed out in 5000 ms. Pool status: Active conn count = 70"),
    ])
      expect(fromNeo4jError(err)).toBeInstanceOf(UnavailableError);
  });

  it("are 409 for a taken id, and themselves otherwise", () => {
    expect(fromNeo4jError(driverError("Neo.ClientError.Schema.ConstraintValidationFailed"))).toBeInstanceOf(
      ConflictError,
    );
    const syntax = driverError("Neo.ClientError.Statement.SyntaxError");
    expect(fromNeo4jError(syntax)).toBe(syntax);
  });
});
