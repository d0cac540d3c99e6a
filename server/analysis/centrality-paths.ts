// Betweenness and closeness from the shortest-path traversals (shortest-paths.ts), from every source or, above a
// size threshold, from a seeded sample of sources:
// - betweenness: source sampling after Brandes & Pich (2007), "Centrality estimation in large networks",
//   Int. J. Bifurcation and Chaos 17(7), scaled as NetworkX's betweenness_centrality(k=...);
// - closeness: Wasserman & Faust (1994) correction for disconnected graphs, estimated from the same sampled
//   sources after Eppstein & Wang (2004), "Fast approximation of centrality", J. Graph Algorithms Appl. 8(1).
import type { AbstractGraph } from "graphology-types";
import { collect, toCsr } from "./csr";
import type { Csr } from "./csr";
import { CENTRALITY_DEFAULTS } from "./centrality-types";
import type { CentralityOptions, SampledValues, SamplingOptions } from "./centrality-types";
import { createRng, sampleIndices } from "./random";
import { distanceTotals, runSources } from "./shortest-paths";
import type { PathAccumulators } from "./shortest-paths";

interface SourcePlan {
  approximate: boolean;
  sources: Int32Array;
  /** 1 for nodes that are among the sampled sources. */
  isSource: Uint8Array;
}

function planSources(n: number, options: SamplingOptions): SourcePlan {
  const threshold = options.threshold ?? CENTRALITY_DEFAULTS.threshold;
  const k = options.k ?? CENTRALITY_DEFAULTS.k;
  if (!(k >= 1) || !Number.isInteger(k)) throw new Error(`centrality: k must be a positive integer, got ${k}`);
  const approximate = n > threshold && k < n;
  const sources = approximate
    ? sampleIndices(n, k, createRng(options.seed ?? CENTRALITY_DEFAULTS.seed))
    : Int32Array.from({ length: n }, (_, i) => i);
  const isSource = new Uint8Array(n);
  for (const s of sources) isSource[s] = 1;
  return { approximate, sources, isSource };
}

function scaleBetweenness(raw: Float64Array, plan: SourcePlan, linear: boolean): Float64Array {
  const n = raw.length;
  const out = new Float64Array(n);
  if (n <= 2) return out;
  const k = plan.sources.length;
  // Linear scaling counts each unordered pair once over its two ends; the ordered-pair scale below wants it twice.
  const pairs = linear ? 2 : 1;
  // NetworkX's normalisation over ordered (s, t) pairs with s != v != t: a node sees paths from the k sources,
  // less itself when it is one of them (every node is, when exact: 1 / ((n - 1)(n - 2))). NetworkX gives NaN
  // for a sampled node when k = 1; 0 is kinder.
  const nonSource = 1 / (k * (n - 2));
  const source = k > 1 ? 1 / ((k - 1) * (n - 2)) : 0;
  for (let v = 0; v < n; v++) out[v] = pairs * raw[v]! * (plan.isSource[v] ? source : nonSource);
  return out;
}

function componentSizes(csr: Csr): Int32Array {
  const { n, offsets, targets } = csr;
  const label = new Int32Array(n).fill(-1);
  const sizes: number[] = [];
  const queue = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    if (label[r]! >= 0) continue;
    const c = sizes.length;
    label[r] = c;
    queue[0] = r;
    let head = 0;
    let tail = 1;
    while (head < tail) {
      const v = queue[head++]!;
      for (let a = offsets[v]!; a < offsets[v + 1]!; a++) {
        const w = targets[a]!;
        if (label[w]! < 0) {
          label[w] = c;
          queue[tail++] = w;
        }
      }
    }
    sizes.push(tail);
  }
  const out = new Int32Array(n);
  for (let v = 0; v < n; v++) out[v] = sizes[label[v]!]!;
  return out;
}

function finishCloseness(
  graph: AbstractGraph,
  csr: Csr,
  options: CentralityOptions,
  plan: SourcePlan,
  distanceSum: Float64Array,
  reached: Int32Array,
): Float64Array {
  const { n } = csr;
  const weighted = options.weighted ?? CENTRALITY_DEFAULTS.weighted;
  const out = new Float64Array(n);
  if (n <= 1) return out;
  const wf = (r: number, sum: number) => (sum > 0 ? (r / sum) * (r / (n - 1)) : 0);
  if (!plan.approximate) {
    for (let v = 0; v < n; v++) out[v] = wf(reached[v]!, distanceSum[v]!);
    return out;
  }
  // Nodes no sampled source reaches get their exact value from one traversal over in-arcs: such nodes are
  // reached by few others, so these traversals stay small.
  const k = plan.sources.length;
  const exact: number[] = [];
  for (let v = 0; v < n; v++) if (reached[v] === 0) exact.push(v);
  if (exact.length > 0) {
    const reverse = csr.directed ? toCsr("centrality", graph, { ...options, reverse: true, order: csr.nodes }) : csr;
    const totals = distanceTotals(reverse, weighted, exact);
    for (let i = 0; i < exact.length; i++) out[exact[i]!] = wf(totals.reached[i]!, totals.sum[i]!);
  }
  const sizes = csr.directed ? null : componentSizes(csr);
  for (let v = 0; v < n; v++) {
    const c = reached[v]!;
    if (c === 0) continue;
    const meanDistance = distanceSum[v]! / c;
    if (sizes) {
      // Undirected: the component size is known exactly, only the mean distance is estimated.
      const r = sizes[v]! - 1;
      out[v] = (1 / meanDistance) * (r / (n - 1));
    } else {
      // Directed: the share of sampled sources reaching v also estimates how many nodes reach it.
      const others = k - plan.isSource[v]!;
      out[v] = (1 / meanDistance) * (c / others);
    }
  }
  return out;
}

/** The path measures `want` asks for, from one traversal per source (every node, or a seeded sample). */
export function runPaths(
  graph: AbstractGraph,
  csr: Csr,
  options: CentralityOptions,
  want: { betweenness: boolean; closeness: boolean },
): { betweenness?: SampledValues; closeness?: SampledValues } {
  const { n } = csr;
  const plan = planSources(n, options);
  const acc: PathAccumulators = {
    betweenness: want.betweenness ? new Float64Array(n) : null,
    linear: plan.approximate && !csr.directed,
    distanceSum: want.closeness ? new Float64Array(n) : null,
    reached: want.closeness ? new Int32Array(n) : null,
  };
  runSources(csr, options.weighted ?? CENTRALITY_DEFAULTS.weighted, plan.sources, acc);
  const meta = {
    approximate: plan.approximate,
    k: plan.sources.length,
    threshold: options.threshold ?? CENTRALITY_DEFAULTS.threshold,
  };
  const out: { betweenness?: SampledValues; closeness?: SampledValues } = {};
  if (acc.betweenness)
    out.betweenness = { values: collect(csr.nodes, scaleBetweenness(acc.betweenness, plan, acc.linear)), ...meta };
  if (acc.distanceSum && acc.reached) {
    const values = finishCloseness(graph, csr, options, plan, acc.distanceSum, acc.reached);
    out.closeness = { values: collect(csr.nodes, values), ...meta };
  }
  return out;
}
