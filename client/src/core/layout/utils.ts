// Layout helpers. ForceAtlas2 (Jacomy, Venturini, Heymann & Bastian 2014, "ForceAtlas2, a continuous graph
// layout algorithm for handy network visualization", PLoS ONE) arranges the network; the geographic layout is an
// equirectangular projection of each actor's latitude and longitude.
import circlepack from "graphology-layout/circlepack";
import forceAtlas2 from "graphology-layout-forceatlas2";
import type { ForceAtlas2Settings } from "graphology-layout-forceatlas2";
import type { AtlasGraph, Positions } from "../graph/types";
import type { LayoutState } from "./types";

export function getEmptyLayoutState(): LayoutState {
  return { kind: "force", running: false, settling: false };
}

/**
 * Up to this many actors a new map's first layout is refined by ForceAtlas2 in a worker right after its first frame
 * (see `settleInWorker`); larger maps keep the circle packing until someone runs ForceAtlas2.
 */
export const SETTLE_MAX_ORDER = 2_500;

/** ForceAtlas2 iterations for the first layout: more on small maps, where each costs little and shows. */
export function settleIterations(order: number): number {
  return order <= 300 ? 400 : order <= 1_000 ? 150 : 60;
}

export function fa2Settings(graph: AtlasGraph): ForceAtlas2Settings {
  const order = graph.order;
  return {
    ...forceAtlas2.inferSettings(graph),
    barnesHutOptimize: order > 400,
    barnesHutTheta: 0.6,
    edgeWeightInfluence: 0.5,
    // Strong gravity keeps isolated actors and small components near the rest instead of drifting off-screen.
    strongGravityMode: true,
    gravity: 0.05,
    scalingRatio: order > 2_000 ? 10 : 30,
    slowDown: 1 + Math.log10(Math.max(10, order)),
  };
}

/**
 * Gives a graph whose actors were placed by hash a readable first layout at once, without holding up the first
 * frame: a circle packing by region, then actor type. Small maps then move to ForceAtlas2 positions computed in a
 * worker (settle.ts); large ones keep it until someone runs ForceAtlas2.
 */
export function initialLayout(graph: AtlasGraph): void {
  graph.forEachNode((id, a) => {
    if (!a.region) graph.setNodeAttribute(id, "region", "");
  });
  circlepack.assign(graph, { hierarchyAttributes: ["region", "actorType"], scale: Math.sqrt(graph.order) * 20 });
}

/**
 * Latitude and longitude as positions (x grows east, y north), shrunk by cos(mean latitude) so distances look
 * right locally; actors without a location wait on a row under the map.
 */
export function geoPositions(graph: AtlasGraph): Positions {
  const out: Positions = new Map();
  let latSum = 0;
  let n = 0;
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  graph.forEachNode((_, a) => {
    if (a.lat !== undefined && a.lon !== undefined) {
      latSum += a.lat;
      n++;
    }
  });
  const k = Math.cos(((n ? latSum / n : 0) * Math.PI) / 180);
  const scale = 1000;
  const missing: string[] = [];
  graph.forEachNode((id, a) => {
    if (a.lat === undefined || a.lon === undefined) {
      missing.push(id);
      return;
    }
    const p = { x: a.lon * k * scale, y: a.lat * scale };
    out.set(id, p);
    minX = Math.min(minX, p.x);
    maxX = Math.max(maxX, p.x);
    minY = Math.min(minY, p.y);
  });
  if (!out.size) {
    minX = 0;
    maxX = 1000;
    minY = 0;
  }
  const width = Math.max(1, maxX - minX);
  const step = width / Math.max(1, Math.min(missing.length, 40));
  missing.sort().forEach((id, i) => {
    out.set(id, { x: minX + (i % 40) * step, y: minY - width * 0.08 - Math.floor(i / 40) * step });
  });
  return out;
}
