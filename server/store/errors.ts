// Domain errors thrown by the store; the API's error handler maps each to its status code.

export interface FieldIssue {
  field: string;
  message: string;
}

export class NotFoundError extends Error {
  readonly statusCode = 404;
  constructor(what: string, id: string) {
    super(`${what} '${id}' not found`);
  }
}

export class ConflictError extends Error {
  readonly statusCode = 409;
}

/** A write that names items that do not exist (a need for an unknown actor, say). Nothing was written. */
export class InvalidReferenceError extends Error {
  readonly statusCode = 400;
  constructor(readonly issues: FieldIssue[]) {
    super(issues.map((i) => `${i.field}: ${i.message}`).join("; "));
  }
}

export class UnavailableError extends Error {
  readonly statusCode = 503;
  constructor(cause?: unknown) {
    super("The database is unavailable; try again shortly", { cause });
  }
}

const UNAVAILABLE_CODES = new Set(["ServiceUnavailable", "SessionExpired", "ECONNREFUSED", "ECONNRESET"]);

/** Turns the driver's errors into domain errors; anything else passes through unchanged. */
export function fromNeo4jError(err: unknown): unknown {
  const code = (err as { code?: string })?.code ?? "";
  if (code === "Neo.ClientError.Schema.ConstraintValidationFailed") {
    return new ConflictError("An item with this id already exists");
  }
  if (UNAVAILABLE_CODES.has(code) || code.startsWith("Neo.TransientError.General.DatabaseUnavailable")) {
    return new UnavailableError(err);
  }
  return err;
}
