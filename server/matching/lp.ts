// Independent linear programs solved by HiGHS (Huangfu & Hall 2018, "Parallelizing the dual revised simplex
// method", Math. Prog. Comp. 10; the `highs` WebAssembly build), in this thread or spread over worker threads. The
// WebAssembly build is single-threaded, so separate blocks of one plan are the only parallelism on offer: with
// two cores, two workers halve the solve of a plan made of several large blocks.
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { Highs } from "highs";

/** maximise colCost'x subject to Ax <= rowUpper, 0 <= x <= colUpper; A in compressed sparse columns. */
export interface LpBlock {
  numCols: number;
  numRows: number;
  colCost: Float64Array;
  colUpper: Float64Array;
  rowUpper: Float64Array;
  starts: Int32Array;
  indices: Int32Array;
  values: Float64Array;
}

interface BlockResult {
  optimal: boolean;
  status: number;
  colValue: Float64Array;
}

/** Below this many columns in all, starting workers (each compiles the WebAssembly) costs more than it saves. */
export const WORKER_MIN_COLUMNS = 50_000;

export function defaultWorkers(): number {
  return Math.min(2, availableParallelism());
}

let highsLoading: Promise<Highs> | null = null;
/** The solver's WebAssembly module is compiled once per thread. */
function loadHighs(): Promise<Highs> {
  highsLoading ??= import("highs").then((m) => m.default());
  return highsLoading;
}

// Runs in this thread and, through its source text, in the workers: it must not refer to anything outside itself.
function solveWith(highs: Highs, b: LpBlock): BlockResult {
  return highs.withModel(
    {
      numCols: b.numCols,
      numRows: b.numRows,
      sense: highs.constants.objectiveSense.maximize,
      colCost: b.colCost,
      colLower: new Float64Array(b.numCols),
      colUpper: b.colUpper,
      rowLower: new Float64Array(b.numRows).fill(-highs.infinity),
      rowUpper: b.rowUpper,
      matrix: {
        format: "csc",
        numRows: b.numRows,
        numCols: b.numCols,
        starts: b.starts,
        indices: b.indices,
        values: b.values,
      },
    },
    (model) => {
      model.options.set({ output_flag: false });
      model.run();
      const status = model.getModelStatus();
      return {
        optimal: status === highs.constants.modelStatus.optimal,
        status,
        colValue: model.getSolution().colValue,
      };
    },
  );
}

// Plain CommonJS, so the worker needs no TypeScript loader whether the app runs under tsx, vitest or a bundle.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
var __name = (f) => f;
const solveWith = ${solveWith.toString()};
const ready = require(workerData.highs)();
parentPort.on("message", async ({ id, block }) => {
  try {
    const result = solveWith(await ready, block);
    parentPort.postMessage({ id, result }, [result.colValue.buffer]);
  } catch (err) {
    parentPort.postMessage({ id, error: String((err && err.stack) || err) });
  }
});
`;

function check(result: BlockResult): Float64Array {
  if (!result.optimal) throw new Error(`allocation: HiGHS ended with model status ${result.status}, not optimal`);
  return result.colValue;
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
    return blocks.map((b) => check(solveWith(highs, b)));
  }
  // Largest first, each to the next free worker: the longest-processing-time rule keeps the two loads even.
  const order = blocks.map((_, i) => i).sort((a, b) => blocks[b]!.numCols - blocks[a]!.numCols);
  const results: Float64Array[] = new Array(blocks.length);
  const highs = createRequire(import.meta.url).resolve("highs");
  const pool = Array.from({ length: threads }, () => new Worker(WORKER_SOURCE, { eval: true, workerData: { highs } }));
  try {
    let next = 0;
    await Promise.all(
      pool.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (next >= order.length) return resolve();
              const id = order[next++]!;
              worker.postMessage({ id, block: blocks[id] });
            };
            worker.on("message", (msg: { id: number; result?: BlockResult; error?: string }) => {
              if (msg.error !== undefined) return reject(new Error(`allocation: solver worker failed: ${msg.error}`));
              try {
                results[msg.id] = check(msg.result!);
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
