// A solver worker: takes LP blocks from the pool in lp.ts one message at a time and sends back each solution,
// its array transferred rather than copied. Started through lp-worker-boot.mjs.
import { parentPort } from "node:worker_threads";
import { loadHighs, solveBlock } from "./lp-block";
import type { BlockResult, LpBlock } from "./lp-block";

export interface SolveRequest {
  id: number;
  block: LpBlock;
}

export type SolveReply =
  { id: number; result: BlockResult; error?: undefined } | { id: number; error: string; result?: undefined };

const port = parentPort;
if (!port) throw new Error("allocation: lp-worker.ts runs only as a worker thread");
const ready = loadHighs();
port.on("message", async ({ id, block }: SolveRequest) => {
  try {
    const result = solveBlock(await ready, block);
    port.postMessage({ id, result } satisfies SolveReply, [result.colValue.buffer as ArrayBuffer]);
  } catch (err) {
    port.postMessage({ id, error: String((err instanceof Error && err.stack) || err) } satisfies SolveReply);
  }
});
