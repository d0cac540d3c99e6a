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

/** Primal values of each block, in order. `workers` <= 1, or fewer than `minColumns` in all, solves in this thread. */
export async function solveBlocks(
  blocks: readonly LpBlock[],
  workers = defaultWorkers(),
  minColumns = WORKER_MIN_COLUMNS,
): Promise<Float64Array[]> {
  const columns = blocks.reduce((s, b) => s + b.numCols, 0);
  const threads = Math.min(workers, blocks.length);
  if (threads <= 1 || columns < minColumns) {
    const highs = await loadHighs();
    return blocks.map((b) => check(solveBlock(highs, b)));
  }
  // Largest first, each to the next free worker: the longest-processing-time rule keeps the two loads even.
  const order = blocks.map((_, i) => i).sort((a, b) => blocks[b]!.numCols - blocks[a]!.numCols);
  const results: Float64Array[] = new Array(blocks.length);
  const pool = Array.from({ length: threads }, () => startWorker());
  try {
    let next = 0;
    await Promise.all(
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
              send();
            });
            worker.on("error", reject);
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return results;
}
