// Whole-network figures for the map overview, as NetworkX defines them:
// - density: graphology-metrics `density` (2m / n(n - 1) on the undirected view);
// - connected components: their number and the size of the largest (structure.ts);
// - average clustering: NetworkX `average_clustering`, the mean over every actor of its local clustering
//   coefficient (Watts & Strogatz 1998, "Collective dynamics of 'small-world' networks", Nature 393), 0 for actors
//   with fewer than two contacts;
// - diameter and average path length in hops over the largest component (the figures are infinite or undefined
//   across components): exact by a breadth-first search from every actor, or above `threshold` actors estimated
//   from `k` seeded sampled sources, whose mean distance is an unbiased estimate of the average path length and
//   whose largest eccentricity is a lower bound of the diameter;
// - reciprocity: NetworkX `overall_reciprocity` over directed ties only (mutual types are reciprocal by definition,
//   so counting them would say nothing): the share of directed ties whose reverse tie also exists;
// - modularity (Newman & Girvan 2004) of a given partition, through graphology-metrics `modularity`.
// graphology-metrics has no clustering coefficient, average path length or reciprocity, and its `diameter`
// runs from every node and answers Infinity as soon as the map has two components, so those are computed here.
import type { AbstractGraph } from "graphology-types";
import { density } from "graphology-metrics/graph/density";
import modularity from "graphology-metrics/graph/modularity";
import { toCsr, toUndirectedCsr } from "./csr";
import type { Csr } from "./csr";
import { createRng, sampleIndices } from "./random";
import { connectedComponents } from "./structure";
import type { ComponentsResult } from "./structure";

export interface SummaryOptions {
  /** Above this many actors in the largest component, paths are estimated from `k` sampled sources. */
  threshold?: number;
  k?: number;
  /** Seed of the source sample, so an estimate is the same on every run. */
  seed?: number;
  /** A partition (actor -> community) whose modularity to report. */
  communities?: Record<string, number>;
  /** Use the `weight` of ties for modularity. Default false. */
  weighted?: boolean;
}

export const SUMMARY_DEFAULTS = { threshold: 2000, k: 256, seed: 42, weighted: false } as const;

export interface PathSummary {
  /** Longest shortest path in the largest component, in hops; null when it has fewer than two actors. */
  diameter: number | null;
  averagePathLength: number | null;
  /** Actors of the largest component, where both figures are measured. */
  componentSize: number;
  /** True when estimated from `sources` sampled actors (the diameter is then a lower bound). */
  approximate: boolean;
  sources: number;
  threshold: number;
  seed: number;
}

export interface ReciprocitySummary {
  /** Directed ties (parallel ties of one direction counted once). */
  directedTies: number;
  /** Directed ties whose reverse tie exists. */
  reciprocated: number;
  /** reciprocated / directedTies; null when the map has no directed ties. */
  value: number | null;
}

export interface NetworkSummary {
  nodes: number;
  edges: number;
  density: number;
  components: { count: number; largest: number };
  averageClustering: number;
  paths: PathSummary;
  reciprocity: ReciprocitySummary;
  /** Modularity of `options.communities`; null when none was given or the map has no ties. */
  modularity: number | null;
}

/** NetworkX `average_clustering` over the undirected view. */
export function averageClustering(graph: AbstractGraph): number {
  const csr = toUndirectedCsr("summary", graph);
  const { n, offsets, targets } = csr;
  if (n === 0) return 0;
  const triangles = new Float64Array(n);
  const mark = new Int32Array(n).fill(-1);
  // Each triangle v < u < w is found once, from its smallest corner, and credited to all three corners.
  for (let v = 0; v < n; v++) {
    for (let a = offsets[v]!; a < offsets[v + 1]!; a++) mark[targets[a]!] = v;
    for (let a = offsets[v]!; a < offsets[v + 1]!; a++) {
      const u = targets[a]!;
      if (u <= v) continue;
      for (let b = offsets[u]!; b < offsets[u + 1]!; b++) {
        const w = targets[b]!;
        if (w > u && mark[w] === v) {
          triangles[v]!++;
          triangles[u]!++;
          triangles[w]!++;
        }
      }
    }
  }
  let sum = 0;
  for (let v = 0; v < n; v++) {
    const d = offsets[v + 1]! - offsets[v]!;
    if (d >= 2) sum += (2 * triangles[v]!) / (d * (d - 1));
  }
  return sum / n;
}

/** Hop distances from `source`, -1 where it does not reach. */
function bfs(
  csr: Csr,
  source: number,
  dist: Int32Array,
  queue: Int32Array,
): { sum: number; reached: number; max: number } {
  dist.fill(-1);
  dist[source] = 0;
  queue[0] = source;
  let tail = 1;
  let sum = 0;
  let max = 0;
  for (let head = 0; head < tail; head++) {
    const v = queue[head]!;
    const d = dist[v]! + 1;
    for (let a = csr.offsets[v]!; a < csr.offsets[v + 1]!; a++) {
      const w = csr.targets[a]!;
      if (dist[w]! >= 0) continue;
      dist[w] = d;
      sum += d;
      if (d > max) max = d;
      queue[tail++] = w;
    }
  }
  return { sum, reached: tail - 1, max };
}

/** Diameter and average path length in hops over the largest component. */
export function pathSummary(graph: AbstractGraph, options: SummaryOptions = {}): PathSummary {
  return pathsOf(graph, connectedComponents(graph), options);
}

function pathsOf(graph: AbstractGraph, components: ComponentsResult, options: SummaryOptions): PathSummary {
  const threshold = options.threshold ?? SUMMARY_DEFAULTS.threshold;
  const k = options.k ?? SUMMARY_DEFAULTS.k;
  const seed = options.seed ?? SUMMARY_DEFAULTS.seed;
  if (!(k >= 1) || !Number.isInteger(k)) throw new Error(`summary: k must be a positive integer, got ${k}`);
  if (graph.type !== "undirected") throw new Error("summary: paths are measured on the undirected actor graph");
  // The breadth-first numbering centrality also uses (and caches with the graph): neighbours close in memory make
  // each traversal about a third faster on large maps.
  const csr = toCsr("summary", graph, { order: "locality" });
  const largest = components.components[0];
  const size = largest?.size ?? 0;
  const base = { componentSize: size, threshold, seed };
  if (size < 2) return { diameter: null, averagePathLength: null, approximate: false, sources: 0, ...base };
  const index = new Map(csr.nodes.map((node, i) => [node, i]));
  // Members come in graph order, so the sample is the same whatever order the map was imported in.
  const members = largest!.members.map((node) => index.get(node)!);
  const approximate = size > threshold && k < size;
  const sources = approximate ? Array.from(sampleIndices(size, k, createRng(seed)), (i) => members[i]!) : members;
  const dist = new Int32Array(csr.n);
  const queue = new Int32Array(csr.n);
  let total = 0;
  let pairs = 0;
  let diameter = 0;
  for (const s of sources) {
    const r = bfs(csr, s, dist, queue);
    total += r.sum;
    pairs += r.reached;
    if (r.max > diameter) diameter = r.max;
  }
  return { diameter, averagePathLength: total / pairs, approximate, sources: sources.length, ...base };
}

/** NetworkX `overall_reciprocity` of a directed graph of directed ties. */
export function reciprocity(directedTies: AbstractGraph): ReciprocitySummary {
  let reciprocated = 0;
  directedTies.forEachDirectedEdge((_, __, source, target) => {
    if (directedTies.hasDirectedEdge(target, source)) reciprocated++;
  });
  const ties = directedTies.directedSize;
  return { directedTies: ties, reciprocated, value: ties > 0 ? reciprocated / ties : null };
}

/**
 * Every figure above. `graph` is the undirected actor graph; `directedTies` the directed graph of the map's
 * directed tie types, for reciprocity.
 */
export function summarizeNetwork(
  graph: AbstractGraph,
  directedTies: AbstractGraph,
  options: SummaryOptions = {},
): NetworkSummary {
  if (graph.type !== "undirected") throw new Error("summary: the actor graph must be undirected");
  const components = connectedComponents(graph);
  const weighted = options.weighted ?? SUMMARY_DEFAULTS.weighted;
  const partition = options.communities;
  return {
    nodes: graph.order,
    edges: graph.size,
    // NetworkX answers 0 below two actors, where the formula divides by zero.
    density: graph.order < 2 ? 0 : density(graph),
    components: { count: components.count, largest: components.components[0]?.size ?? 0 },
    averageClustering: averageClustering(graph),
    paths: pathsOf(graph, components, options),
    reciprocity: reciprocity(directedTies),
    modularity:
      partition && graph.size > 0
        ? modularity(graph, {
            getNodeCommunity: (node: string) => {
              const c = partition[node];
              if (c === undefined) throw new Error(`summary: actor ${node} is in no community`);
              return c;
            },
            getEdgeWeight: weighted ? "weight" : null,
          })
        : null,
  };
}
