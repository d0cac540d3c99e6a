// The Sigma graph: built from a map's data, reusing earlier positions so edits do not scramble the picture.
import { MultiGraph } from "graphology";
import { ACTOR_COLORS, edgeSize, EDGE_STYLES, withAlpha } from "../appearance/utils";
import type { AtlasGraph, Ecosystem, EdgeAttrs, NodeAttrs, Positions } from "./types";
import { placeNew } from "./utils";

export * from "./types";
export * from "./utils";

export function createAtlasGraph(): AtlasGraph {
  return new MultiGraph<NodeAttrs, EdgeAttrs>({ allowSelfLoops: true, type: "mixed" });
}

export function positionsOf(graph: AtlasGraph): Positions {
  const out: Positions = new Map();
  graph.forEachNode((id, a) => out.set(id, { x: a.x, y: a.y }));
  return out;
}

export interface BuiltGraph {
  graph: AtlasGraph;
  /** How many actors had no earlier position. */
  placed: number;
}

/** A fresh graph for the ecosystem; actors keep `previous` positions, new ones go near their neighbours. */
export function buildGraph(eco: Ecosystem, previous: Positions = new Map()): BuiltGraph {
  const graph = createAtlasGraph();
  const order = eco.view.actors.length;
  const spread = Math.sqrt(Math.max(1, order)) * 10;
  const positions: Positions = new Map();
  for (const [id, p] of previous) if (eco.actors.has(id)) positions.set(id, p);
  let placed = 0;
  for (const a of eco.view.actors) {
    let p = positions.get(a.id);
    if (!p) {
      p = placeNew(a.id, eco.neighbours.get(a.id) ?? [], positions, spread);
      positions.set(a.id, p);
      placed++;
    }
    graph.addNode(a.id, {
      x: p.x,
      y: p.y,
      size: 4,
      color: ACTOR_COLORS[a.type],
      label: a.name,
      actorType: a.type,
      region: a.location?.region,
      lat: a.location?.lat,
      lon: a.location?.lon,
    });
  }
  const alpha = order > 20_000 ? 0.25 : order > 2_000 ? 0.4 : 0.6;
  for (const r of eco.view.relationships) {
    if (!graph.hasNode(r.from) || !graph.hasNode(r.to)) continue;
    const style = EDGE_STYLES[r.type];
    const attrs: EdgeAttrs = {
      relType: r.type,
      weight: r.weight,
      amount: r.amount,
      size: edgeSize(r.weight, order),
      color: withAlpha(style.color, alpha),
      type: r.directed ? "arrow" : "line",
    };
    if (r.directed) graph.addDirectedEdgeWithKey(r.id, r.from, r.to, attrs);
    else graph.addUndirectedEdgeWithKey(r.id, r.from, r.to, attrs);
  }
  return { graph, placed };
}
