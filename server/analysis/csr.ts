// Compressed sparse row (CSR) adjacency built once from a graphology graph (and cached until the graph changes). The hot loops of every O(V·E) or
// iterative algorithm run over these typed arrays instead of graphology's string-keyed adjacency, which is what
// keeps PageRank, Brandes and Tarjan within seconds at 100k nodes and 500k edges.
import type { AbstractGraph, Attributes } from "graphology-types";

/** An edge attribute name, or a function reading the weight from an edge and its attributes. */
export type EdgeWeightGetter = string | ((edge: string, attributes: Attributes) => number);

export interface WeightOptions {
  /** Use edge weights (strength for spectral measures, distance = 1/weight for path measures). Default false. */
  weighted?: boolean;
  /** Where the weight lives (used when `weighted`, and always for weighted degree); default `weight`, missing = 1. */
  getEdgeWeight?: EdgeWeightGetter;
}

export interface Csr {
  nodes: string[];
  n: number;
  /** True when arcs follow edge direction; undirected edges then appear once in each direction. */
  directed: boolean;
  /** Arcs of node i are targets[offsets[i] .. offsets[i + 1]). */
  offsets: Int32Array;
  targets: Int32Array;
  /** Arc weights as read through `getEdgeWeight` (validated only when `weighted`); kernels decide whether to use them. */
  weights: Float64Array;
}

export function isDirectedGraph(graph: AbstractGraph): boolean {
  return graph.directedSize > 0 || graph.type === "directed";
}

function weightReader(module: string, options: WeightOptions): (edge: string, attributes: Attributes) => number {
  const getter = options.getEdgeWeight ?? "weight";
  const read = typeof getter === "function" ? getter : (_: string, attributes: Attributes) => attributes[getter] ?? 1;
  // Unweighted runs still record weights (weighted degree is always reported) but must not fail on odd values
  // that the chosen measure would ignore anyway.
  if (!options.weighted) {
    return (edge, attributes) => {
      const w = read(edge, attributes);
      return typeof w === "number" && Number.isFinite(w) ? w : 1;
    };
  }
  return (edge, attributes) => {
    const w = read(edge, attributes);
    if (typeof w !== "number" || !(w > 0) || !Number.isFinite(w)) {
      throw new Error(`${module}: edge ${edge} has weight ${String(w)}; weights must be positive finite numbers`);
    }
    return w;
  };
}

export interface CsrOptions extends WeightOptions {
  /** In-arcs instead of out-arcs (same as out-arcs for undirected graphs). */
  reverse?: boolean;
  /**
   * Node numbering: graph order by default; an explicit key order (to align a reverse CSR with a forward one);
   * or "locality", a breadth-first numbering that puts neighbours close in memory and makes traversals over
   * 100k-node graphs about 1.5x faster through fewer cache misses.
   */
  order?: readonly string[] | "locality";
}

/**
 * Out-arcs of every node (in-arcs when `reverse`). Self-loops are dropped: they lie on no shortest path and the
 * actor graph never has them. Multigraphs are refused because parallel arcs would double-count shortest paths.
 */
export function toCsr(module: string, graph: AbstractGraph, options: CsrOptions = {}): Csr {
  // Every measure of one analysis reads the same few CSRs; build each once per graph state.
  const cacheable = typeof options.getEdgeWeight !== "function" && !Array.isArray(options.order);
  if (!cacheable) return buildCsr(module, graph, options);
  const key = JSON.stringify([
    options.weighted ?? false,
    options.getEdgeWeight ?? "weight",
    options.reverse ?? false,
    options.order ?? null,
  ]);
  const cache = cacheOf(graph);
  let csr = cache.get(key);
  if (!csr) {
    csr = buildCsr(module, graph, options);
    cache.set(key, csr);
  }
  return csr;
}

/** Events after which a graph's cached CSRs no longer describe it. */
const GRAPH_CHANGES = [
  "nodeAdded",
  "edgeAdded",
  "nodeDropped",
  "edgeDropped",
  "cleared",
  "edgesCleared",
  "edgeAttributesUpdated",
  "eachEdgeAttributesUpdated",
] as const;
const csrCache = new WeakMap<AbstractGraph, Map<string, Csr>>();

function cacheOf(graph: AbstractGraph): Map<string, Csr> {
  let cache = csrCache.get(graph);
  if (!cache) {
    const created = new Map<string, Csr>();
    for (const event of GRAPH_CHANGES) graph.on(event, () => created.clear());
    csrCache.set(graph, created);
    cache = created;
  }
  return cache;
}

function buildCsr(module: string, graph: AbstractGraph, options: CsrOptions): Csr {
  if (graph.multi) throw new Error(`${module}: multigraphs are not supported; merge parallel edges first`);
  const directed = isDirectedGraph(graph);
  const nodes = Array.isArray(options.order) ? [...options.order] : graph.nodes();
  const n = nodes.length;
  if (n !== graph.order) throw new Error(`${module}: node order does not match the graph`);
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) index.set(nodes[i]!, i);

  const capacity = directed ? graph.directedSize + 2 * graph.undirectedSize : 2 * graph.size;
  const from = new Int32Array(capacity);
  const to = new Int32Array(capacity);
  const w = new Float64Array(capacity);
  const degree = new Int32Array(n + 1);
  const readWeight = weightReader(module, options);
  const reverse = options.reverse ?? false;
  let m = 0;

  graph.forEachEdge((edge, attributes, source, target, _sa, _ta, undirected) => {
    if (source === target) return;
    const s = index.get(source)!;
    const t = index.get(target)!;
    const weight = readWeight(edge, attributes);
    if (!directed || undirected) {
      from[m] = s;
      to[m] = t;
      w[m++] = weight;
      from[m] = t;
      to[m] = s;
      w[m++] = weight;
    } else if (reverse) {
      from[m] = t;
      to[m] = s;
      w[m++] = weight;
    } else {
      from[m] = s;
      to[m] = t;
      w[m++] = weight;
    }
  });

  for (let a = 0; a < m; a++) degree[from[a]! + 1]!++;
  for (let i = 0; i < n; i++) degree[i + 1]! += degree[i]!;
  const offsets = degree;
  const cursor = offsets.slice(0, n);
  const targets = new Int32Array(m);
  const weights = new Float64Array(m);
  for (let a = 0; a < m; a++) {
    const slot = cursor[from[a]!]!++;
    targets[slot] = to[a]!;
    weights[slot] = w[a]!;
  }
  const csr: Csr = { nodes, n, directed, offsets, targets, weights };
  return options.order === "locality" ? renumber(csr, breadthFirstOrder(csr)) : csr;
}

/** Old indices in breadth-first visiting order, one root after another in current order. */
function breadthFirstOrder(csr: Csr): Int32Array {
  const { n, offsets, targets } = csr;
  const order = new Int32Array(n);
  const seen = new Uint8Array(n);
  let count = 0;
  for (let root = 0; root < n; root++) {
    if (seen[root]) continue;
    seen[root] = 1;
    order[count++] = root;
    for (let head = count - 1; head < count; head++) {
      const v = order[head]!;
      for (let a = offsets[v]!; a < offsets[v + 1]!; a++) {
        const w = targets[a]!;
        if (!seen[w]) {
          seen[w] = 1;
          order[count++] = w;
        }
      }
    }
  }
  return order;
}

/** The same CSR with node `order[i]` renamed i. */
function renumber(csr: Csr, order: Int32Array): Csr {
  const { n, offsets, targets, weights } = csr;
  const rank = new Int32Array(n);
  for (let i = 0; i < n; i++) rank[order[i]!] = i;
  const nextOffsets = new Int32Array(n + 1);
  const nextTargets = new Int32Array(targets.length);
  const nextWeights = new Float64Array(weights.length);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const old = order[i]!;
    nextOffsets[i] = m;
    for (let a = offsets[old]!; a < offsets[old + 1]!; a++) {
      nextTargets[m] = rank[targets[a]!]!;
      nextWeights[m++] = weights[a]!;
    }
  }
  nextOffsets[n] = m;
  const nodes = Array.from(order, (old) => csr.nodes[old]!);
  return { nodes, n, directed: csr.directed, offsets: nextOffsets, targets: nextTargets, weights: nextWeights };
}

/**
 * The undirected simple view: each neighbour once, with the mutual weight w(u,v) + w(v,u) of directed graphs
 * (NetworkX's `mutual_weight`; for undirected graphs the single edge weight, the factor 2 cancelling everywhere it
 * is used). Structural measures (components, cut points, brokerage) are about who is tied to whom, not direction.
 */
export function toUndirectedCsr(module: string, graph: AbstractGraph, options: WeightOptions = {}): Csr {
  const base = toCsr(module, graph, { ...options, order: undefined });
  if (!base.directed) return base;
  const reverse = toCsr(module, graph, { ...options, reverse: true, order: base.nodes });
  const { n } = base;
  const slot = new Int32Array(n).fill(-1);
  const offsets = new Int32Array(n + 1);
  const targets = new Int32Array(base.targets.length + reverse.targets.length);
  const weights = new Float64Array(targets.length);
  let m = 0;
  for (let i = 0; i < n; i++) {
    offsets[i] = m;
    for (const csr of [base, reverse]) {
      for (let a = csr.offsets[i]!; a < csr.offsets[i + 1]!; a++) {
        const j = csr.targets[a]!;
        const at = slot[j]!;
        if (at >= offsets[i]!) weights[at]! += csr.weights[a]!;
        else {
          slot[j] = m;
          targets[m] = j;
          weights[m++] = csr.weights[a]!;
        }
      }
    }
  }
  offsets[n] = m;
  return {
    nodes: base.nodes,
    n,
    directed: false,
    offsets,
    targets: targets.slice(0, m),
    weights: weights.slice(0, m),
  };
}

export function collect(nodes: readonly string[], values: ArrayLike<number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < nodes.length; i++) out[nodes[i]!] = values[i]!;
  return out;
}
