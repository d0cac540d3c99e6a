// The first layout of a small map without holding up its first frame: ForceAtlas2 runs for a fixed number of
// iterations in a worker while the map shows its circle packing, and the caller then moves actors to the result.
import type { SerializedGraph } from "graphology-types";
import type { AtlasGraph, Positions } from "../graph/types";
import type { SettleRequest, SettleResponse } from "./fa2.worker";
import { fa2Settings, settleIterations } from "./utils";

export interface Settling {
  /** Positions after the iterations; never settles once cancelled. */
  positions: Promise<Positions>;
  cancel(): void;
}

/** Starts ForceAtlas2 on a copy of the graph's current positions and ties; `graph` is not touched. */
export function settleInWorker(graph: AtlasGraph): Settling {
  // Only what ForceAtlas2 reads: positions, tie weights and directions.
  const copy: SerializedGraph = {
    options: { type: "mixed", multi: true, allowSelfLoops: true },
    attributes: {},
    nodes: graph.mapNodes((key, a) => ({ key, attributes: { x: a.x, y: a.y } })),
    edges: graph.mapEdges((_, a, source, target, _s, _t, undirected) => ({
      source,
      target,
      undirected,
      attributes: { weight: a.weight },
    })),
  };
  const request: SettleRequest = {
    graph: copy,
    iterations: settleIterations(graph.order),
    settings: fa2Settings(graph),
  };
  const worker = new Worker(new URL("./fa2.worker.ts", import.meta.url), { type: "module" });
  const positions = new Promise<Positions>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<SettleResponse>) => {
      worker.terminate();
      resolve(new Map(Object.entries(event.data)));
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(`settle: ForceAtlas2 worker failed: ${event.message}`));
    };
  });
  worker.postMessage(request);
  return { positions, cancel: () => worker.terminate() };
}
