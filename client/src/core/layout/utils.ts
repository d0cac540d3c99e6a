// Layout helpers. ForceAtlas2 (Jacomy, Venturini, Heymann & Bastian 2014, "ForceAtlas2, a continuous graph
// layout algorithm for handy network visualization", PLoS ONE) arranges the network; the community layout packs
// Louvain communities as discs and runs ForceAtlas2 inside each; the geographic layout is the Web Mercator
// projection (EPSG:3857) that tiled basemaps use, so a basemap and the actors share one plane.
import Graph from "graphology";
import circlepack from "graphology-layout/circlepack";
import forceAtlas2 from "graphology-layout-forceatlas2";
import type { ForceAtlas2Settings } from "graphology-layout-forceatlas2";
import type { AtlasGraph, Positions } from "../graph/types";
import type { GeoLayout, LayoutState, Point, RegionHull } from "./types";

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

/** Graph units across the whole Web Mercator world (x from -W/2 at 180°W to W/2 at 180°E). */
export const GEO_WORLD = 1_000_000;
/** Web Mercator stops here, where the world is square. */
const MAX_LAT = 85.0511287798;

/** Longitude and latitude (degrees) to the Mercator plane: x grows east, y north (Sigma draws y upwards). */
export function projectLonLat(lon: number, lat: number): Point {
  const phi = (Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * Math.PI) / 180;
  return { x: (lon / 360) * GEO_WORLD, y: (Math.log(Math.tan(Math.PI / 4 + phi / 2)) / (2 * Math.PI)) * GEO_WORLD };
}

/** The inverse of `projectLonLat`. */
export function unprojectPoint(p: Point): { lon: number; lat: number } {
  return {
    lon: (p.x / GEO_WORLD) * 360,
    lat: (Math.atan(Math.sinh((2 * Math.PI * p.y) / GEO_WORLD)) * 180) / Math.PI,
  };
}

/**
 * Located actors on the Mercator plane; the others are listed apart (the tray shows them) and parked, hidden, at the
 * centre of the located ones so that they do not stretch the area Sigma frames.
 */
export function geoLayout(graph: AtlasGraph): GeoLayout {
  const positions = new Map<string, Point>();
  const unlocated: string[] = [];
  let sx = 0;
  let sy = 0;
  graph.forEachNode((id, a) => {
    if (a.lat === undefined || a.lon === undefined) {
      unlocated.push(id);
      return;
    }
    const p = projectLonLat(a.lon, a.lat);
    positions.set(id, p);
    sx += p.x;
    sy += p.y;
  });
  const n = positions.size;
  const centre = n ? { x: sx / n, y: sy / n } : { x: 0, y: 0 };
  unlocated.sort();
  for (const id of unlocated) positions.set(id, { ...centre });
  return { positions, unlocated };
}

const cross = (o: Point, a: Point, b: Point) => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);

/** Convex hull by Andrew's monotone chain (1979), counter-clockwise, without repeated or collinear points. */
export function convexHull(points: readonly Point[]): Point[] {
  const sorted = [...points].sort((a, b) => a.x - b.x || a.y - b.y);
  const unique = sorted.filter((p, i) => i === 0 || p.x !== sorted[i - 1]!.x || p.y !== sorted[i - 1]!.y);
  if (unique.length < 3) return unique;
  const lower: Point[] = [];
  for (const p of unique) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: Point[] = [];
  for (let i = unique.length - 1; i >= 0; i--) {
    const p = unique[i]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0) upper.pop();
    upper.push(p);
  }
  return lower.slice(0, -1).concat(upper.slice(0, -1));
}

/**
 * A hull grown by `pad` on every side: the hull of discs of radius `pad` around its corners (each disc drawn with
 * `steps` points), so one actor gives a disc and two give a capsule.
 */
export function padHull(hull: readonly Point[], pad: number, steps = 16): Point[] {
  const around: Point[] = [];
  for (const p of hull)
    for (let i = 0; i < steps; i++) {
      const t = (2 * Math.PI * i) / steps;
      around.push({ x: p.x + pad * Math.cos(t), y: p.y + pad * Math.sin(t) });
    }
  return convexHull(around);
}

/** Each region's outline from the positions of its own located actors (actors with no region have none). */
export function regionHulls(graph: AtlasGraph, positions: ReadonlyMap<string, Point>): RegionHull[] {
  const byRegion = new Map<string, Point[]>();
  graph.forEachNode((id, a) => {
    const p = positions.get(id);
    if (!a.region || a.lat === undefined || a.lon === undefined || !p) return;
    const list = byRegion.get(a.region);
    if (list) list.push(p);
    else byRegion.set(a.region, [p]);
  });
  return [...byRegion]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([region, points]) => ({ region, hull: convexHull(points), actors: points.length }));
}

/** A stable number in [0, 1) from a string (FNV-1a): the same actor gets the same nudge on every reload. */
function hashUnit(s: string, salt: number): number {
  let h = 0x811c9dc5 ^ salt;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return ((h >>> 0) % 1_000_003) / 1_000_003;
}

/**
 * Where an actor added to the map goes: the mean of its neighbours' positions, else `fallback` (the centre of the
 * view), nudged by `offset` in a direction taken from its id so that it never lands exactly on another actor.
 */
export function placeNear(id: string, neighbours: readonly Point[], fallback: Point, offset: number): Point {
  let x = fallback.x;
  let y = fallback.y;
  if (neighbours.length) {
    x = neighbours.reduce((s, p) => s + p.x, 0) / neighbours.length;
    y = neighbours.reduce((s, p) => s + p.y, 0) / neighbours.length;
  }
  const t = 2 * Math.PI * hashUnit(id, 7);
  return { x: x + offset * Math.cos(t), y: y + offset * Math.sin(t) };
}

/**
 * The camera that frames points given in Sigma's framed coordinates (the graph's bounding box mapped to [0, 1]):
 * their centre, and a ratio that leaves a margin for labels. A lone actor keeps the whole-map ratio of 1; tiny maps
 * get a wider margin, since their actors sit on the edges of the framed box.
 */
export function framing(points: readonly Point[], minRatio: number, maxRatio = 5): (Point & { ratio: number }) | null {
  if (!points.length) return null;
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const p of points) {
    minX = Math.min(minX, p.x);
    maxX = Math.max(maxX, p.x);
    minY = Math.min(minY, p.y);
    maxY = Math.max(maxY, p.y);
  }
  const extent = Math.max(maxX - minX, maxY - minY);
  const margin = points.length <= 3 ? 1.6 : 1.3;
  const ratio = extent > 0 ? Math.min(maxRatio, Math.max(minRatio, extent * margin)) : Math.max(minRatio, 1);
  return { x: (minX + maxX) / 2, y: (minY + maxY) / 2, ratio };
}

export interface CommunityLayoutOptions {
  /** ForceAtlas2 iterations inside each community; fewer on large maps. */
  iterations?: number;
  /** Graph units of a community disc's radius per square root of its size. */
  unit?: number;
  /** Empty space between discs, as a share of the larger one's radius. */
  gap?: number;
}

/**
 * Actors grouped by community: every community gets a disc of area proportional to its size, discs are packed
 * greedily around the largest (each placed at the nearest free spot on a spiral), and inside each disc the
 * community's own ties are laid out by ForceAtlas2 and scaled to fill it. Actors with no community (added since the
 * communities were computed) each form a group of one.
 */
export function communityPositions(
  graph: AtlasGraph,
  membership: ReadonlyMap<string, number>,
  options: CommunityLayoutOptions = {},
): Positions {
  const unit = options.unit ?? 10;
  const gap = options.gap ?? 0.5;
  const iterations = options.iterations ?? (graph.order <= 2_000 ? 150 : graph.order <= 10_000 ? 50 : 0);
  const groups = new Map<string, string[]>();
  graph.forEachNode((id) => {
    const c = membership.get(id);
    const key = c === undefined ? `actor:${id}` : `c:${c}`;
    const list = groups.get(key);
    if (list) list.push(id);
    else groups.set(key, [id]);
  });
  const ordered = [...groups.values()]
    .map((ids) => ids.sort())
    .sort((a, b) => b.length - a.length || a[0]!.localeCompare(b[0]!));

  const out: Positions = new Map();
  const discs: { x: number; y: number; r: number }[] = [];
  for (const ids of ordered) {
    const r = unit * Math.sqrt(ids.length);
    const centre = discs.length ? freeSpot(discs, r, gap) : { x: 0, y: 0 };
    discs.push({ ...centre, r });
    for (const [id, p] of withinDisc(graph, ids, iterations))
      out.set(id, { x: centre.x + p.x * r, y: centre.y + p.y * r });
  }
  return out;
}

/** The first spot on an outward spiral where a disc of radius `r` clears every placed disc by `gap` of the larger. */
function freeSpot(discs: readonly { x: number; y: number; r: number }[], r: number, gap: number): Point {
  const step = r * 0.25;
  for (let i = 1; ; i++) {
    const angle = i * 0.5;
    const dist = step * angle;
    const p = { x: dist * Math.cos(angle), y: dist * Math.sin(angle) };
    if (discs.every((d) => Math.hypot(d.x - p.x, d.y - p.y) >= d.r + r + Math.max(d.r, r) * gap)) return p;
  }
}

/** One community laid out by ForceAtlas2 over its own ties, centred and scaled into the unit disc. */
function withinDisc(graph: AtlasGraph, ids: readonly string[], iterations: number): Map<string, Point> {
  const out = new Map<string, Point>();
  if (ids.length === 1) {
    out.set(ids[0]!, { x: 0, y: 0 });
    return out;
  }
  const sub = new Graph({ type: "undirected" });
  // Start on a circle, in id order, so the result repeats.
  ids.forEach((id, i) => {
    const t = (2 * Math.PI * i) / ids.length;
    sub.addNode(id, { x: Math.cos(t), y: Math.sin(t) });
  });
  for (const id of ids)
    graph.forEachNeighbor(id, (m) => {
      if (m !== id && sub.hasNode(m) && !sub.hasEdge(id, m)) sub.addEdge(id, m);
    });
  if (iterations > 0 && sub.size > 0) {
    const settings = { ...forceAtlas2.inferSettings(sub), strongGravityMode: true, gravity: 0.5 };
    forceAtlas2.assign(sub, { iterations, settings });
  }
  let cx = 0;
  let cy = 0;
  sub.forEachNode((_, a) => {
    cx += a.x;
    cy += a.y;
  });
  cx /= ids.length;
  cy /= ids.length;
  let far = 0;
  sub.forEachNode((_, a) => {
    far = Math.max(far, Math.hypot(a.x - cx, a.y - cy));
  });
  const k = far > 0 ? 0.9 / far : 0;
  sub.forEachNode((id, a) => out.set(id, { x: (a.x - cx) * k, y: (a.y - cy) * k }));
  return out;
}
