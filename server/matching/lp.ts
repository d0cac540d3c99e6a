// Independent linear programs solved by HiGHS (lp-block.ts), in this thread or spread over worker threads
// (lp-worker.ts). The WebAssembly build is single-threaded, so separate blocks of one plan are the only
// parallelism on offer: with two cores, two workers halve the solve of a plan made of several large blocks.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { loadHighs, solveBlock } from "./lp-block";
import type { BlockResult, LpBlock } from "./lp-block";
import type { SolveReply, SolveRequest } from "./lp-worker";

export type { LpBlock } from "./lp-block";

/** Below this many columns in all, starting workers (each compiles the WebAssembly) costs more than it saves. */
export const WORKER_MIN_COLUMNS = 50_000;

/**
 * Below this many columns, a solve asked to be isolated stays in this thread anyway: HiGHS takes milliseconds there,
 * while a worker takes about a second to start (the TypeScript loader and the WebAssembly compile).
 */
export const ISOLATE_MIN_COLUMNS = 2_000;

export function defaultWorkers(): number {
  return Math.min(2, availableParallelism());
}

function check(result: BlockResult): Float64Array {
  if (!result.optimal) throw new Error(`allocation: HiGHS ended with model status ${result.status}, not optimal`);
  return result.colValue;
}

/**
 * A solver worker. Its entry is a JavaScript bootstrap that loads the TypeScript (see lp-worker-boot.mjs), so
 * it starts the same under tsx, vitest and plain node; `execArgv: []` keeps the parent's flags (tsx's own
 * loader, --expose-gc, --inspect) out of the worker, where they are not needed.
 */
function startWorker(): Worker {
  return new Worker(new URL("./lp-worker-boot.mjs", import.meta.url), { execArgv: [] });
}

export interface SolveControl {
  /**
   * Stops the solve: workers are terminated at once (a block HiGHS is inside cannot be interrupted otherwise), a
   * solve in this thread stops before its next block. The promise rejects with the signal's reason.
   */
  signal?: AbortSignal;
  /** Called as blocks are solved, with how many of them are done. */
  onBlock?: (done: number, total: number) => void;
  /**
   * Solves even a single block in a worker (from ISOLATE_MIN_COLUMNS columns), so that a long solve leaves the event
   * loop free and can be stopped; a request with a time budget asks for it (server/services/analysis-jobs.ts).
   */
  isolate?: boolean;
}

/** Primal values of each block, in order. `workers` <= 1, or fewer than `minColumns` in all, solves in this thread. */
export async function solveBlocks(
  blocks: readonly LpBlock[],
  workers = defaultWorkers(),
  minColumns = WORKER_MIN_COLUMNS,
  control: SolveControl = {},
): Promise<Float64Array[]> {
  const { signal, onBlock } = control;
  signal?.throwIfAborted();
  const columns = blocks.reduce((s, b) => s + b.numCols, 0);
  const isolate = control.isolate === true && columns >= ISOLATE_MIN_COLUMNS;
  const threads = Math.min(isolate ? Math.max(1, workers) : workers, blocks.length);
  if (blocks.length === 0 || (!isolate && (threads <= 1 || columns < minColumns))) {
    const highs = await loadHighs();
    return blocks.map((b, i) => {
      signal?.throwIfAborted();
      const solution = check(solveBlock(highs, b));
      onBlock?.(i + 1, blocks.length);
      return solution;
    });
  }
  // Largest first, each to the next free worker: the longest-processing-time rule keeps the two loads even.
  const order = blocks.map((_, i) => i).sort((a, b) => blocks[b]!.numCols - blocks[a]!.numCols);
  const results: Float64Array[] = new Array(blocks.length);
  const pool = Array.from({ length: threads }, () => startWorker());
  let solved = 0;
  let onAbort: (() => void) | undefined;
  try {
    let next = 0;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(signal!.reason);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
    const all = Promise.all(
      pool.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (next >= order.length) return resolve();
              const id = order[next++]!;
              worker.postMessage({ id, block: blocks[id]! } satisfies SolveRequest);
            };
            worker.on("message", (msg: SolveReply) => {
              if (msg.error !== undefined) return reject(new Error(`allocation: solver worker failed: ${msg.error}`));
              try {
                results[msg.id] = check(msg.result);
              } catch (err) {
                return reject(err);
              }
              onBlock?.(++solved, blocks.length);
              send();
            });
            worker.on("error", reject);
            send();
          }),
      ),
    );
    await (signal ? Promise.race([all, aborted]) : all);
  } finally {
    if (onAbort) signal?.removeEventListener("abort", onAbort);
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return results;
}
