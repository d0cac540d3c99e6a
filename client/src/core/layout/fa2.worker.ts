// A new map's first ForceAtlas2 layout, run for a fixed number of iterations off the main thread (see settle.ts).
import Graph from "graphology";
import forceAtlas2, { type ForceAtlas2Settings } from "graphology-layout-forceatlas2";
import type { SerializedGraph } from "graphology-types";

export interface SettleRequest {
  graph: SerializedGraph;
  iterations: number;
  settings: ForceAtlas2Settings;
}

export type SettleResponse = Record<string, { x: number; y: number }>;

addEventListener("message", (event: MessageEvent<SettleRequest>) => {
  const { graph, iterations, settings } = event.data;
  const g = Graph.from(graph, { multi: true, type: "mixed", allowSelfLoops: true });
  const positions: SettleResponse = forceAtlas2(g, { iterations, settings, getEdgeWeight: "weight" });
  postMessage(positions);
});
