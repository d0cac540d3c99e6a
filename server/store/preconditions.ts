// Optimistic concurrency. Every entity stores `rev`, its version: 1 when created, one more on every write. A
// response naming one entity carries it as its ETag; a PATCH or DELETE sending If-Match is refused (412) when the
// entity has moved on. The comparison runs in the write transaction, after the entity's lock, so of two writes
// sending the same version exactly one succeeds. The request's If-Match reaches the repositories through an async
// context (as the principal does, server/auth/context.ts), so the store's methods keep their signatures.
import { AsyncLocalStorage } from "node:async_hooks";

/** The entity changed since the caller read it (412). Nothing was written. */
export class PreconditionFailedError extends Error {
  readonly statusCode = 412;
}

interface WriteConditions {
  /** The If-Match header as sent, or null when the write is unconditional. */
  ifMatch: string | null;
}

const storage = new AsyncLocalStorage<WriteConditions>();

/** Runs the rest of a request with its If-Match known to the repositories. */
export const runWithConditions = <T>(conditions: WriteConditions, work: () => T): T => storage.run(conditions, work);

/** Whether the request being served names a version (a write that must check it before anything else). */
export const hasCondition = (): boolean => Boolean(storage.getStore()?.ifMatch);

/** The strong ETag of a version. */
export const etagOf = (rev: number): string => `"${rev}"`;

/** The version a stored entity's properties carry; one written before versions existed counts as 1. */
export const revOf = (props: Record<string, unknown> | undefined): number => Number(props?.rev ?? 1);

/**
 * Refuses the write unless the request's If-Match names `rev` (or is `*`). Call it inside the write transaction,
 * after taking the entity's lock and reading it, before writing anything.
 */
export function assertVersion(what: string, id: string, rev: number): void {
  const header = storage.getStore()?.ifMatch;
  if (!header) return;
  const tags = header.split(",").map((t) => t.trim());
  // Compared by value: a weak tag names the same version here, each version having one representation.
  if (tags.includes("*") || tags.some((t) => /^(?:W\/)?"(\d+)"$/.exec(t)?.[1] === String(rev))) return;
  throw new PreconditionFailedError(
    `${what} '${id}' was changed by someone else: it is now at version ${etagOf(rev)}, the request expected ${header}. Reload it and apply the change again`,
  );
}

const versions = new WeakMap<object, number>();

/** Marks a domain object read from the store with its version, for the ETag of a response that sends it. */
export function versioned<T extends object>(entity: T, rev: number): T {
  versions.set(entity, rev);
  return entity;
}

/** The version a response body was read at, when it is one entity read by a repository. */
export const versionOf = (entity: unknown): number | undefined =>
  entity !== null && typeof entity === "object" ? versions.get(entity) : undefined;
