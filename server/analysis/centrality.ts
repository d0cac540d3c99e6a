// Node centrality, following the NetworkX definitions and defaults so figures can be checked against a tool
// analysts already trust:
// - degree and weighted degree (strength);
// - betweenness: Brandes (2001), "A faster algorithm for betweenness centrality", J. Math. Sociol. 25(2);
//   above a size threshold, source sampling after Brandes & Pich (2007), "Centrality estimation in large
//   networks", Int. J. Bifurcation and Chaos 17(7), scaled as NetworkX's betweenness_centrality(k=...), with the
//   linear scaling of Geisberger, Sanders & Schultes (2008) on undirected graphs (see PathAccumulators);
// - closeness with the Wasserman & Faust (1994) correction for disconnected graphs, estimated above the same
//   threshold from the same sampled sources (Eppstein & Wang 2004, "Fast approximation of centrality");
// - eigenvector: power iteration on A + I with unit Euclidean norm (Bonacich 1972), as NetworkX;
// - PageRank: Page, Brin, Motwani & Winograd (1999), power iteration with uniform teleport and dangling mass.
// Weighted mode reads weights as tie strength for the spectral measures and as distance = 1 / weight for paths.
// All kernels run over CSR typed arrays; graphology-metrics is avoided because it silently switches to
// weighted paths whenever edges carry a `weight` attribute.
import type { AbstractGraph } from "graphology-types";
import { collect, toCsr } from "./csr";
import type { Csr, WeightOptions } from "./csr";
import { createRng, sampleIndices } from "./random";

export interface SamplingOptions {
  /** Above this many nodes, betweenness and closeness are estimated from `k` sampled sources. */
  threshold?: number;
  /** Number of sampled sources in approximate mode. */
  k?: number;
  /** Seed of the source sample, so the estimate is the same on every run. */
  seed?: number;
}

export interface IterationOptions {
  /** PageRank damping factor. */
  alpha?: number;
  /** Convergence when the L1 change is below n * tolerance (NetworkX `tol`). */
  tolerance?: number;
  maxIterations?: number;
}

export const CENTRALITY_DEFAULTS = {
  weighted: false,
  threshold: 5000,
  k: 256,
  seed: 42,
  alpha: 0.85,
  tolerance: 1e-6,
  maxIterations: 100,
} as const;

export interface SampledValues {
  values: Record<string, number>;
  /** True when estimated from `k` sampled sources rather than all nodes. */
  approximate: boolean;
  /** Number of source nodes used (the node count when exact). */
  k: number;
  threshold: number;
}

export interface IterativeValues {
  values: Record<string, number>;
  /** False when maxIterations was reached first (NetworkX would raise); values are then the last iterate. */
  converged: boolean;
  iterations: number;
}

export interface DegreeValues {
  /** Number of incident edges (in + out when directed), as NetworkX `G.degree`. */
  degree: Record<string, number>;
  /** degree / (n - 1), as NetworkX `degree_centrality`. */
  degreeCentrality: Record<string, number>;
  /** Sum of incident edge weights (in + out when directed). */
  weightedDegree: Record<string, number>;
  inDegree?: Record<string, number>;
  outDegree?: Record<string, number>;
  inWeightedDegree?: Record<string, number>;
  outWeightedDegree?: Record<string, number>;
}

export const CENTRALITY_METRICS = ["degree", "betweenness", "closeness", "eigenvector", "pagerank"] as const;
export type CentralityMetric = (typeof CENTRALITY_METRICS)[number];

export type CentralityOptions = WeightOptions & SamplingOptions & IterationOptions;

export interface ComputeCentralityOptions extends CentralityOptions {
  /** Which measures to compute; all by default. */
  metrics?: readonly CentralityMetric[];
}

export interface CentralityResult {
  nodes: number;
  directed: boolean;
  weighted: boolean;
  degree?: DegreeValues;
  betweenness?: SampledValues;
  closeness?: SampledValues;
  eigenvector?: IterativeValues;
  pagerank?: IterativeValues;
}

// ---- Degree -------------------------------------------------------------------------------------------------------

function degreeKernel(csr: Csr): DegreeValues {
  const { n, nodes, offsets, targets, weights } = csr;
  const out = new Float64Array(n);
  const outW = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = offsets[i + 1]! - offsets[i]!;
    let s = 0;
    for (let a = offsets[i]!; a < offsets[i + 1]!; a++) s += weights[a]!;
    outW[i] = s;
  }
  const scale = n > 1 ? 1 / (n - 1) : 1;
  if (!csr.directed) {
    return {
      degree: collect(nodes, out),
      degreeCentrality: collect(
        nodes,
        out.map((d) => d * scale),
      ),
      weightedDegree: collect(nodes, outW),
    };
  }
  const inn = new Float64Array(n);
  const inW = new Float64Array(n);
  for (let a = 0; a < targets.length; a++) {
    inn[targets[a]!]!++;
    inW[targets[a]!]! += weights[a]!;
  }
  const total = out.map((d, i) => d + inn[i]!);
  return {
    degree: collect(nodes, total),
    degreeCentrality: collect(
      nodes,
      total.map((d) => d * scale),
    ),
    weightedDegree: collect(
      nodes,
      outW.map((w, i) => w + inW[i]!),
    ),
    inDegree: collect(nodes, inn),
    outDegree: collect(nodes, out),
    inWeightedDegree: collect(nodes, inW),
    outWeightedDegree: collect(nodes, outW),
  };
}

// ---- PageRank and eigenvector -------------------------------------------------------------------------------------

interface IterationResult {
  x: Float64Array;
  converged: boolean;
  iterations: number;
}

function pagerankKernel(csr: Csr, weighted: boolean, alpha: number, tol: number, maxIter: number): IterationResult {
  const { n, offsets, targets, weights } = csr;
  if (n === 0) return { x: new Float64Array(0), converged: true, iterations: 0 };
  const inverseStrength = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let a = offsets[i]!; a < offsets[i + 1]!; a++) s += weighted ? weights[a]! : 1;
    inverseStrength[i] = s > 0 ? 1 / s : 0;
  }
  let x = new Float64Array(n).fill(1 / n);
  let next = new Float64Array(n);
  for (let iteration = 1; iteration <= maxIter; iteration++) {
    next.fill(0);
    let dangling = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[i]!;
      const inv = inverseStrength[i]!;
      if (inv === 0) {
        dangling += xi;
        continue;
      }
      const share = xi * inv;
      for (let a = offsets[i]!; a < offsets[i + 1]!; a++) next[targets[a]!]! += share * (weighted ? weights[a]! : 1);
    }
    // Dangling nodes spread their mass uniformly, like the teleport (NetworkX with dangling=None).
    const base = (alpha * dangling + (1 - alpha)) / n;
    let err = 0;
    for (let i = 0; i < n; i++) {
      const v = alpha * next[i]! + base;
      next[i] = v;
      err += Math.abs(v - x[i]!);
    }
    [x, next] = [next, x];
    if (err < n * tol) return { x, converged: true, iterations: iteration };
  }
  return { x, converged: false, iterations: maxIter };
}

function eigenvectorKernel(csr: Csr, weighted: boolean, tol: number, maxIter: number): IterationResult {
  const { n, offsets, targets, weights } = csr;
  if (n === 0) return { x: new Float64Array(0), converged: true, iterations: 0 };
  let x = new Float64Array(n).fill(1 / n);
  let next = new Float64Array(n);
  for (let iteration = 1; iteration <= maxIter; iteration++) {
    // Iterating with A + I rather than A avoids oscillation on bipartite graphs, as NetworkX does.
    next.set(x);
    for (let i = 0; i < n; i++) {
      const xi = x[i]!;
      if (xi === 0) continue;
      for (let a = offsets[i]!; a < offsets[i + 1]!; a++) next[targets[a]!]! += xi * (weighted ? weights[a]! : 1);
    }
    let sq = 0;
    for (let i = 0; i < n; i++) sq += next[i]! * next[i]!;
    const norm = Math.sqrt(sq) || 1;
    let err = 0;
    for (let i = 0; i < n; i++) {
      next[i]! /= norm;
      err += Math.abs(next[i]! - x[i]!);
    }
    [x, next] = [next, x];
    if (err < n * tol) return { x, converged: true, iterations: iteration };
  }
  return { x, converged: false, iterations: maxIter };
}

// ---- Shortest paths: betweenness and closeness -------------------------------------------------------------------

interface PathAccumulators {
  betweenness: Float64Array | null;
  /**
   * Geisberger, Sanders & Schultes (2008), "Better approximation of betweenness centrality", ALENEX: linear
   * scaling weighs the pair (s, t)'s share of v by d(s, v) / d(s, t). On undirected graphs the two ends of a pair
   * then add up to exactly its share, while a node next to a sampled source no longer collects that source's whole
   * tree; sampled estimates vary far less.
   */
  linear: boolean;
  /** Sum over sources s of d(s, t), and how many sources reach t: inward distances, as NetworkX closeness. */
  distanceSum: Float64Array | null;
  reached: Int32Array | null;
}

interface Scratch {
  sigma: Float64Array;
  delta: Float64Array;
  order: Int32Array;
  /** Arcs of the shortest-path DAG in discovery order; walking them backwards is Brandes' accumulation. */
  dagTail: Int32Array;
  dagArc: Int32Array;
}

function createScratch(csr: Csr): Scratch {
  const { n } = csr;
  const m = csr.targets.length;
  return {
    sigma: new Float64Array(n),
    delta: new Float64Array(n),
    order: new Int32Array(n),
    dagTail: new Int32Array(m),
    dagArc: new Int32Array(m),
  };
}

/**
 * Brandes' single-source stage by BFS. Recording the DAG arcs as they are found replaces per-node predecessor
 * lists and a second scan of every arc.
 */
function bfsSource(csr: Csr, s: number, dist: Int32Array, scratch: Scratch, acc: PathAccumulators): void {
  const { offsets, targets } = csr;
  const { sigma, delta, order, dagTail, dagArc } = scratch;
  dist[s] = 0;
  sigma[s] = 1;
  order[0] = s;
  let head = 0;
  let tail = 1;
  let arcs = 0;
  while (head < tail) {
    const v = order[head++]!;
    const dw = dist[v]! + 1;
    const sv = sigma[v]!;
    for (let a = offsets[v]!, end = offsets[v + 1]!; a < end; a++) {
      const w = targets[a]!;
      let d = dist[w]!;
      if (d < 0) {
        d = dw;
        dist[w] = dw;
        order[tail++] = w;
      }
      if (d === dw) {
        sigma[w]! += sv;
        dagTail[arcs] = v;
        dagArc[arcs++] = a;
      }
    }
  }
  const { betweenness, distanceSum, reached } = acc;
  if (distanceSum && reached) {
    for (let i = 1; i < tail; i++) {
      const t = order[i]!;
      distanceSum[t]! += dist[t]!;
      reached[t]!++;
    }
  }
  if (betweenness) {
    // Arcs leaving deeper nodes were recorded later, so every delta[w] is complete before it is used.
    for (let i = arcs - 1; i >= 0; i--) {
      const v = dagTail[i]!;
      const w = targets[dagArc[i]!]!;
      const share = (sigma[v]! / sigma[w]!) * (1 + delta[w]!);
      delta[v]! += acc.linear ? (share * dist[v]!) / dist[w]! : share;
    }
    for (let i = 1; i < tail; i++) betweenness[order[i]!]! += delta[order[i]!]!;
  }
  for (let i = 0; i < tail; i++) {
    const v = order[i]!;
    dist[v] = -1;
    sigma[v] = 0;
    delta[v] = 0;
  }
}

/**
 * Indexed 4-ary min-heap of nodes keyed by tentative distance, with decrease-key: at most one entry per node,
 * and keys stored beside the nodes so the four children of a slot sit in one cache line.
 */
class NodeHeap {
  private readonly nodes: Int32Array;
  private readonly keys: Float64Array;
  /** Slot of each node in the heap, -1 when absent. */
  private readonly slot: Int32Array;
  size = 0;

  constructor(n: number) {
    this.nodes = new Int32Array(n);
    this.keys = new Float64Array(n);
    this.slot = new Int32Array(n).fill(-1);
  }

  /** Inserts v with key k, or moves it up after its key decreased to k. */
  upsert(v: number, k: number): void {
    let i = this.slot[v]!;
    if (i < 0) i = this.size++;
    const { nodes, keys, slot } = this;
    while (i > 0) {
      const parent = (i - 1) >> 2;
      const kp = keys[parent]!;
      if (kp <= k) break;
      const u = nodes[parent]!;
      nodes[i] = u;
      keys[i] = kp;
      slot[u] = i;
      i = parent;
    }
    nodes[i] = v;
    keys[i] = k;
    slot[v] = i;
  }

  pop(): number {
    const { nodes, keys, slot } = this;
    const top = nodes[0]!;
    slot[top] = -1;
    const last = --this.size;
    if (last === 0) return top;
    const v = nodes[last]!;
    const k = keys[last]!;
    let i = 0;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= last) break;
      let best = first;
      let bestKey = keys[first]!;
      const end = first + 4 < last ? first + 4 : last;
      for (let c = first + 1; c < end; c++) {
        const kc = keys[c]!;
        if (kc < bestKey) {
          best = c;
          bestKey = kc;
        }
      }
      if (bestKey >= k) break;
      const u = nodes[best]!;
      nodes[i] = u;
      keys[i] = bestKey;
      slot[u] = i;
      i = best;
    }
    nodes[i] = v;
    keys[i] = k;
    slot[v] = i;
    return top;
  }
}

/**
 * Brandes' single-source stage by Dijkstra on lengths 1 / weight. Equal-length paths are recognised by exact
 * floating-point equality of dist[v] + length, the same test NetworkX makes, so tie structure matches it.
 */
function dijkstraSource(
  csr: Csr,
  lengths: Float64Array,
  s: number,
  dist: Float64Array,
  settled: Uint8Array,
  heap: NodeHeap,
  scratch: Scratch,
  acc: PathAccumulators,
): void {
  const { offsets, targets } = csr;
  const { sigma, delta, order, dagTail, dagArc } = scratch;
  dist[s] = 0;
  sigma[s] = 1;
  heap.upsert(s, 0);
  let count = 0;
  let arcs = 0;
  while (heap.size > 0) {
    const v = heap.pop();
    settled[v] = 1;
    order[count++] = v;
    const dv = dist[v]!;
    const sv = sigma[v]!;
    for (let a = offsets[v]!, end = offsets[v + 1]!; a < end; a++) {
      const w = targets[a]!;
      const nd = dv + lengths[a]!;
      const dw = dist[w]!;
      // A settled w has dist[w] <= dv < nd, so only a tie needs the settled check (it catches lengths too
      // small to change dv in floating point); skipping it on every arc saves a cache miss per arc.
      if (nd < dw) {
        dist[w] = nd;
        sigma[w] = sv;
        heap.upsert(w, nd);
      } else if (nd === dw && settled[w] === 0) sigma[w]! += sv;
      else continue;
      // A candidate DAG arc: it stays one only if no shorter path to w turns up later, checked below.
      dagTail[arcs] = v;
      dagArc[arcs++] = a;
    }
  }
  const { betweenness, distanceSum, reached } = acc;
  if (distanceSum && reached) {
    for (let i = 1; i < count; i++) {
      const t = order[i]!;
      distanceSum[t]! += dist[t]!;
      reached[t]!++;
    }
  }
  if (betweenness) {
    for (let i = arcs - 1; i >= 0; i--) {
      const v = dagTail[i]!;
      const a = dagArc[i]!;
      const w = targets[a]!;
      if (dist[v]! + lengths[a]! !== dist[w]) continue;
      const share = (sigma[v]! / sigma[w]!) * (1 + delta[w]!);
      delta[v]! += acc.linear ? (share * dist[v]!) / dist[w]! : share;
    }
    for (let i = 1; i < count; i++) betweenness[order[i]!]! += delta[order[i]!]!;
  }
  for (let i = 0; i < count; i++) {
    const v = order[i]!;
    dist[v] = Infinity;
    settled[v] = 0;
    sigma[v] = 0;
    delta[v] = 0;
  }
}

function lengthsOf(csr: Csr): Float64Array {
  return csr.weights.map((w) => 1 / w);
}

/** Runs the single-source stage from every source in turn, accumulating into `acc`. */
function runSources(csr: Csr, weighted: boolean, sources: ArrayLike<number>, acc: PathAccumulators): void {
  const { n } = csr;
  const scratch = createScratch(csr);
  if (!weighted) {
    const dist = new Int32Array(n).fill(-1);
    for (let i = 0; i < sources.length; i++) bfsSource(csr, sources[i]!, dist, scratch, acc);
    return;
  }
  const lengths = lengthsOf(csr);
  const dist = new Float64Array(n).fill(Infinity);
  const settled = new Uint8Array(n);
  const heap = new NodeHeap(n);
  for (let i = 0; i < sources.length; i++) dijkstraSource(csr, lengths, sources[i]!, dist, settled, heap, scratch, acc);
}

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

/** For each source, how many nodes it reaches and the sum of their distances (plain BFS or Dijkstra). */
function distanceTotals(
  csr: Csr,
  weighted: boolean,
  sources: readonly number[],
): { reached: Int32Array; sum: Float64Array } {
  const { n, offsets, targets } = csr;
  const reached = new Int32Array(sources.length);
  const sum = new Float64Array(sources.length);
  const dist = new Float64Array(n).fill(Infinity);
  const order = new Int32Array(n);
  const lengths = weighted ? lengthsOf(csr) : null;
  const heap = lengths ? new NodeHeap(n) : null;
  for (let i = 0; i < sources.length; i++) {
    const s = sources[i]!;
    dist[s] = 0;
    let count = 0;
    if (!lengths || !heap) {
      order[count++] = s;
      for (let head = 0; head < count; head++) {
        const v = order[head]!;
        for (let a = offsets[v]!; a < offsets[v + 1]!; a++) {
          const w = targets[a]!;
          if (dist[w] === Infinity) {
            dist[w] = dist[v]! + 1;
            order[count++] = w;
          }
        }
      }
    } else {
      heap.upsert(s, 0);
      while (heap.size > 0) {
        const v = heap.pop();
        order[count++] = v;
        for (let a = offsets[v]!; a < offsets[v + 1]!; a++) {
          const w = targets[a]!;
          // Settled nodes never improve with positive lengths, so no settled flag is needed.
          const nd = dist[v]! + lengths[a]!;
          if (nd < dist[w]!) {
            dist[w] = nd;
            heap.upsert(w, nd);
          }
        }
      }
    }
    let total = 0;
    for (let j = 0; j < count; j++) {
      const v = order[j]!;
      total += dist[v]!;
      dist[v] = Infinity;
    }
    reached[i] = count - 1;
    sum[i] = total;
  }
  return { reached, sum };
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

// ---- Public API ---------------------------------------------------------------------------------------------------

/**
 * The adjacency every measure reads, built once and cached with the graph until it changes; call it to pay that
 * cost up front (the analysis service and the benchmark do).
 */
export function prepareAdjacency(graph: AbstractGraph, options: WeightOptions = {}): void {
  localCsr(graph, options);
}

function localCsr(graph: AbstractGraph, options: WeightOptions): Csr {
  return toCsr("centrality", graph, { ...options, order: "locality" });
}

function iterative(csr: Csr, result: IterationResult): IterativeValues {
  return { values: collect(csr.nodes, result.x), converged: result.converged, iterations: result.iterations };
}

function runPageRank(csr: Csr, options: CentralityOptions): IterativeValues {
  const alpha = options.alpha ?? CENTRALITY_DEFAULTS.alpha;
  if (!(alpha >= 0 && alpha < 1)) throw new Error(`centrality: alpha must be in [0, 1), got ${alpha}`);
  return iterative(
    csr,
    pagerankKernel(
      csr,
      options.weighted ?? CENTRALITY_DEFAULTS.weighted,
      alpha,
      options.tolerance ?? CENTRALITY_DEFAULTS.tolerance,
      options.maxIterations ?? CENTRALITY_DEFAULTS.maxIterations,
    ),
  );
}

function runEigenvector(csr: Csr, options: CentralityOptions): IterativeValues {
  return iterative(
    csr,
    eigenvectorKernel(
      csr,
      options.weighted ?? CENTRALITY_DEFAULTS.weighted,
      options.tolerance ?? CENTRALITY_DEFAULTS.tolerance,
      options.maxIterations ?? CENTRALITY_DEFAULTS.maxIterations,
    ),
  );
}

function runPaths(
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

/** Degree, degree centrality and weighted degree; in/out variants when the graph is directed. */
export function degreeCentrality(graph: AbstractGraph, options: WeightOptions = {}): DegreeValues {
  return degreeKernel(localCsr(graph, options));
}

/** PageRank as NetworkX `pagerank(G, alpha=0.85, tol=1e-6)`; weights are strengths when `weighted`. */
export function pagerank(graph: AbstractGraph, options: CentralityOptions = {}): IterativeValues {
  return runPageRank(localCsr(graph, options), options);
}

/** Eigenvector centrality as NetworkX `eigenvector_centrality` (in-edges when directed), unit Euclidean norm. */
export function eigenvectorCentrality(graph: AbstractGraph, options: CentralityOptions = {}): IterativeValues {
  return runEigenvector(localCsr(graph, options), options);
}

/** Normalised betweenness as NetworkX `betweenness_centrality`; sampled above `threshold` nodes. */
export function betweennessCentrality(graph: AbstractGraph, options: CentralityOptions = {}): SampledValues {
  return runPaths(graph, localCsr(graph, options), options, { betweenness: true, closeness: false }).betweenness!;
}

/** Closeness as NetworkX `closeness_centrality(wf_improved=True)` (inward distances when directed). */
export function closenessCentrality(graph: AbstractGraph, options: CentralityOptions = {}): SampledValues {
  return runPaths(graph, localCsr(graph, options), options, { betweenness: false, closeness: true }).closeness!;
}

/**
 * Every requested measure from one CSR build; betweenness and closeness share their traversals, so asking for
 * both costs about the same as asking for one.
 */
export function computeCentrality(graph: AbstractGraph, options: ComputeCentralityOptions = {}): CentralityResult {
  const metrics = new Set<CentralityMetric>(options.metrics ?? CENTRALITY_METRICS);
  for (const metric of metrics) {
    if (!CENTRALITY_METRICS.includes(metric)) throw new Error(`centrality: unknown metric "${String(metric)}"`);
  }
  const csr = localCsr(graph, options);
  const result: CentralityResult = {
    nodes: csr.n,
    directed: csr.directed,
    weighted: options.weighted ?? CENTRALITY_DEFAULTS.weighted,
  };
  if (metrics.has("degree")) result.degree = degreeKernel(csr);
  if (metrics.has("pagerank")) result.pagerank = runPageRank(csr, options);
  if (metrics.has("eigenvector")) result.eigenvector = runEigenvector(csr, options);
  if (metrics.has("betweenness") || metrics.has("closeness")) {
    Object.assign(
      result,
      runPaths(graph, csr, options, { betweenness: metrics.has("betweenness"), closeness: metrics.has("closeness") }),
    );
  }
  return result;
}
