// Where an import's statements run: every step in one transaction, or chunked, each chunk a transaction of its own
// with two writers in flight. Each statement checks that it wrote every one of its rows.
import type { ManagedTransaction } from "neo4j-driver";
import { ConflictError, UnavailableError } from "../domain/errors";
import type { QueryName } from "./cypher";
import { rows, type Row, type Transact } from "./session";

/** Rows per UNWIND: large enough to amortise round trips, small enough to keep each statement light. */
export const STATEMENT_ROWS = 5_000;
/** Chunks in flight at once: Neo4j writes one while this process packs the next (the machine has two cores). */
const WRITERS = 2;
/**
 * How long a chunk keeps retrying a transient refusal (a deadlock between the two writers' ties, transaction memory
 * taken by other work) beyond the driver's own few seconds: an import is a background job, and failing it (then
 * undoing every chunk) over a busy moment costs far more than waiting one out.
 */
const TRANSIENT_PATIENCE_MS = 60_000;

/**
 * One statement over a list of items, run STATEMENT_ROWS items at a time. `pack` turns each slice into the
 * statement's parameters only when it is sent: `{rows}`, or parallel lists for the ties, the bulk of a large import
 * (they pack and travel a third lighter without a key per value).
 */
export interface Step {
  name: QueryName;
  items: readonly unknown[];
  pack: (slice: never[]) => object;
}
export const step = <T>(name: QueryName, items: readonly T[], row: (item: T) => object): Step => ({
  name,
  items,
  pack: (slice: T[]) => ({ rows: slice.map(row) }),
});
export const columns = <T>(name: QueryName, items: readonly T[], pack: (slice: T[]) => object): Step => ({
  name,
  items,
  pack,
});

/** Where statements run: all in one transaction, or each chunk in a transaction of its own. */
export interface Runner {
  one<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T>;
  /**
   * Runs the steps' statements over all their items, STATEMENT_ROWS rows at a time; records go to `take`. The steps
   * must not depend on each other: chunked, they share the writers, so one step's last chunk overlaps the next's.
   */
  each(steps: Step[], params: object, take?: (records: Row[]) => void): Promise<void>;
}

/** Runs the step's statement over `items`, STATEMENT_ROWS at a time, and checks each wrote all of its rows. */
async function statements(tx: ManagedTransaction, step: Step, items: readonly unknown[], params: object) {
  const out: Row[] = [];
  for (let i = 0; i < items.length; i += STATEMENT_ROWS) {
    const slice = items.slice(i, i + STATEMENT_ROWS);
    const got = await rows(tx, step.name, { ...params, ...step.pack(slice as never[]) });
    const count = got.length === 1 && typeof got[0]!.count === "number" ? (got[0]!.count as number) : got.length;
    if (count !== slice.length) throw changedMeanwhile(`${step.name} wrote ${count} of ${slice.length} rows`);
    for (const r of got) out.push(r);
  }
  return out;
}

/** The steps' chunks, in order: each a step and the items it writes. */
function chunksOf(steps: Step[], size: number): { step: Step; items: readonly unknown[] }[] {
  return steps.flatMap((step) =>
    Array.from({ length: Math.ceil(step.items.length / size) }, (_, i) => ({
      step,
      items: step.items.slice(i * size, (i + 1) * size),
    })),
  );
}

export function inTransaction(tx: ManagedTransaction, progress: (count: number) => Promise<void>): Runner {
  return {
    one: (work) => work(tx),
    async each(steps, params, take) {
      for (const { step, items } of chunksOf(steps, STATEMENT_ROWS)) {
        const got = await statements(tx, step, items, params);
        take?.(got);
        await progress(items.length);
      }
    },
  };
}

export function inChunks(write: Transact, chunkItems: number, progress: (count: number) => Promise<void>): Runner {
  return {
    one: (work) => write(work),
    async each(steps, params, take) {
      const chunks = chunksOf(steps, chunkItems);
      let next = 0;
      let failed = false;
      const writer = async () => {
        while (!failed && next < chunks.length) {
          const { step, items } = chunks[next++]!;
          try {
            const got = await patiently(() => write((tx) => statements(tx, step, items, params)));
            take?.(got);
            await progress(items.length);
          } catch (err) {
            failed = true;
            throw err;
          }
        }
      };
      // Every writer finishes its chunk before the step ends, so an undo never races a write still in flight.
      const results = await Promise.allSettled(Array.from({ length: WRITERS }, writer));
      const rejected = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
      if (rejected) throw rejected.reason;
    },
  };
}

export function changedMeanwhile(what: string): ConflictError {
  return new ConflictError(`The map changed while it was being imported (${what}); nothing was imported`);
}

/** Transient codes that mean the database is going or gone: waiting would only delay the job's 503. */
const GOING = new Set([
  "Neo.TransientError.General.DatabaseUnavailable",
  "Neo.TransientError.Transaction.LockClientStopped",
]);

/** A refusal the database says may pass (a deadlock, memory in use), as opposed to the database being away. */
function isTransient(err: unknown): boolean {
  const code = (err instanceof UnavailableError ? (err.cause as { code?: string }) : undefined)?.code ?? "";
  return code.startsWith("Neo.TransientError.") && !GOING.has(code);
}

/** Runs a chunk's transaction, again after a growing pause while the database refuses it transiently. */
async function patiently<T>(attempt: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + TRANSIENT_PATIENCE_MS;
  for (let pause = 250; ; pause = Math.min(pause * 2, 4_000)) {
    try {
      return await attempt();
    } catch (err) {
      if (!isTransient(err) || Date.now() + pause > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, pause * (0.5 + Math.random() / 2)));
    }
  }
}
