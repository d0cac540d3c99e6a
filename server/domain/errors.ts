// Domain errors. Any layer may throw them; the API's error handler maps each to its status code, and pure
// modules (matching, formats) throw them without knowing about HTTP or the database.

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

/** The caller's account may not do this (a role too low, a token without the right). */
export class ForbiddenError extends Error {
  readonly statusCode = 403;
}

/** Credentials that do not sign anyone in. */
export class UnauthorizedError extends Error {
  readonly statusCode = 401;
}

/** A survey link that opens nothing (unknown, from an earlier round, its survey deleted): one message for all. */
export class InvalidLinkError extends Error {
  readonly statusCode = 404;
  constructor() {
    super("This survey link is not valid");
  }
}
