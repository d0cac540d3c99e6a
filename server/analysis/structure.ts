// Structural fragility and brokerage of the (undirected view of the) actor network:
// - connected components (weak components when directed) and isolated actors;
// - articulation points and bridges, the single points of failure, by Tarjan's depth-first low-link method
//   (Tarjan 1972, "Depth-first search and linear graph algorithms", SIAM J. Comput. 1(2); Hopcroft & Tarjan 1973),
//   run with an explicit stack so 100k-node chains cannot overflow the call stack;
// - Burt's constraint and effective size (Burt 1992, "Structural Holes", Harvard UP; Borgatti 1997 for the
//   unweighted simplification), matching NetworkX `constraint` and `effective_size` including mutual weights.
import type { AbstractGraph } from "graphology-types";
import { toUndirectedCsr } from "./csr";
import type { Csr, EdgeWeightGetter } from "./csr";

export interface ComponentsResult {
  count: number;
  /** Components largest first; members in graph order. */
  components: Array<{ size: number; members: string[] }>;
  /** Node -> index into `components`. */
  membership: Record<string, number>;
}

export interface ArticulationPoint {
  id: string;
  /** How many pieces its component falls into without it. */
  pieces: number;
  /** Actors cut off from the largest remaining piece if it disappears. */
  cutOff: number;
}

export interface Bridge {
  source: string;
  target: string;
  /** Actors on the smaller side, cut off if this tie disappears. */
  cutOff: number;
}

export interface CutPointsResult {
  /** Sorted by cutOff, most damaging first. */
  articulationPoints: ArticulationPoint[];
  bridges: Bridge[];
}

export interface BrokerageOptions {
  /** Use edge weights as tie strength (NetworkX `weight="weight"`). Default false. */
  weighted?: boolean;
  getEdgeWeight?: EdgeWeightGetter;
  /** How many brokers to list. */
  limit?: number;
}

export interface Broker {
  id: string;
  constraint: number;
  effectiveSize: number;
  degree: number;
}

export interface BrokerageResult {
  /** Burt's constraint; null for isolated actors (NetworkX gives NaN). Low means many structural holes. */
  constraint: Record<string, number | null>;
  /** Burt's effective size: non-redundant contacts; null for isolated actors. */
  effectiveSize: Record<string, number | null>;
  /** Actors with at least two contacts, lowest constraint first (ties: larger effective size). */
  brokers: Broker[];
}

export type StructureOptions = BrokerageOptions;

export interface StructureResult extends CutPointsResult, BrokerageResult {
  components: ComponentsResult;
  isolated: string[];
}

export const STRUCTURE_DEFAULTS = { weighted: false, limit: 20 } as const;

function naturalCsr(graph: AbstractGraph, options: BrokerageOptions = {}): Csr {
  const weighted = options.weighted ?? STRUCTURE_DEFAULTS.weighted;
  // Unweighted brokerage counts each direction of a tie once, as NetworkX does with weight=None.
  return toUndirectedCsr("structure", graph, weighted ? options : { weighted: false, getEdgeWeight: () => 1 });
}

function componentsOf(csr: Csr): ComponentsResult {
  const { n, nodes, offsets, targets } = csr;
  const label = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  const groups: number[][] = [];
  for (let root = 0; root < n; root++) {
    if (label[root]! >= 0) continue;
    const c = groups.length;
    label[root] = c;
    queue[0] = root;
    let tail = 1;
    for (let head = 0; head < tail; head++) {
      const v = queue[head]!;
      for (let a = offsets[v]!; a < offsets[v + 1]!; a++) {
        const w = targets[a]!;
        if (label[w]! < 0) {
          label[w] = c;
          queue[tail++] = w;
        }
      }
    }
    groups.push(Array.from(queue.subarray(0, tail)).sort((a, b) => a - b));
  }
  const order = groups.map((_, i) => i).sort((a, b) => groups[b]!.length - groups[a]!.length || a - b);
  const rank = new Int32Array(groups.length);
  order.forEach((g, r) => (rank[g] = r));
  const membership: Record<string, number> = {};
  for (let v = 0; v < n; v++) membership[nodes[v]!] = rank[label[v]!]!;
  return {
    count: groups.length,
    components: order.map((g) => ({ size: groups[g]!.length, members: groups[g]!.map((v) => nodes[v]!) })),
    membership,
  };
}

/** Max without spreading: a hub can have more pieces than a call accepts arguments. */
function largestOf(values: readonly number[], start: number): number {
  let max = start;
  for (const v of values) if (v > max) max = v;
  return max;
}

function cutPointsOf(csr: Csr): CutPointsResult {
  const { n, nodes, offsets, targets } = csr;
  const discovery = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const parent = new Int32Array(n).fill(-1);
  const nextArc = new Int32Array(n);
  const subtree = new Int32Array(n);
  const stack = new Int32Array(n);
  // Sizes of the pieces each node's removal would split off below it in the DFS tree.
  const splitSizes = new Map<number, number[]>();
  const bridgeChildren: number[] = [];
  const bridgeComponentSizes: number[] = [];
  const articulationPoints: ArticulationPoint[] = [];
  let time = 0;

  for (let root = 0; root < n; root++) {
    if (discovery[root]! >= 0) continue;
    const firstBridge = bridgeChildren.length;
    const rootsSplits: number[] = [];
    discovery[root] = low[root] = time++;
    nextArc[root] = offsets[root]!;
    stack[0] = root;
    let top = 1;
    while (top > 0) {
      const v = stack[top - 1]!;
      if (nextArc[v]! < offsets[v + 1]!) {
        const w = targets[nextArc[v]!++]!;
        if (discovery[w]! < 0) {
          parent[w] = v;
          discovery[w] = low[w] = time++;
          nextArc[w] = offsets[w]!;
          stack[top++] = w;
        } else if (w !== parent[v]) {
          // A simple graph has one edge per pair, so skipping the parent skips exactly the tree edge.
          if (discovery[w]! < low[v]!) low[v] = discovery[w]!;
        }
        continue;
      }
      top--;
      subtree[v]! += 1;
      const p = parent[v]!;
      if (p < 0) continue;
      subtree[p]! += subtree[v]!;
      if (low[v]! < low[p]!) low[p] = low[v]!;
      if (low[v]! > discovery[p]!) bridgeChildren.push(v);
      if (p === root) rootsSplits.push(subtree[v]!);
      else if (low[v]! >= discovery[p]!) {
        const list = splitSizes.get(p);
        if (list) list.push(subtree[v]!);
        else splitSizes.set(p, [subtree[v]!]);
      }
    }
    const size = subtree[root]!;
    if (rootsSplits.length > 1) {
      articulationPoints.push({
        id: nodes[root]!,
        pieces: rootsSplits.length,
        cutOff: size - 1 - largestOf(rootsSplits, 0),
      });
    }
    for (const [p, pieces] of splitSizes) {
      const rest = size - 1 - pieces.reduce((s, x) => s + x, 0);
      articulationPoints.push({
        id: nodes[p]!,
        pieces: pieces.length + 1,
        cutOff: size - 1 - largestOf(pieces, rest),
      });
    }
    splitSizes.clear();
    for (let i = firstBridge; i < bridgeChildren.length; i++) bridgeComponentSizes.push(size);
  }
  const bridges: Bridge[] = bridgeChildren.map((child, i) => ({
    source: nodes[parent[child]!]!,
    target: nodes[child]!,
    cutOff: Math.min(subtree[child]!, bridgeComponentSizes[i]! - subtree[child]!),
  }));
  articulationPoints.sort((a, b) => b.cutOff - a.cutOff || b.pieces - a.pieces);
  bridges.sort((a, b) => b.cutOff - a.cutOff);
  return { articulationPoints, bridges };
}

/** Index of the arc to `target` in the sorted slice [start, end) of `targets`, or -1. */
function findArc(targets: Int32Array, start: number, end: number, target: number): number {
  let lo = start;
  let hi = end - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = targets[mid]!;
    if (t === target) return mid;
    if (t < target) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The same adjacency with each node's arcs sorted by target, so membership tests can binary-search. */
function sortedByTarget(csr: Csr): Csr {
  const { n, offsets } = csr;
  const targets = new Int32Array(csr.targets.length);
  const weights = new Float64Array(csr.weights.length);
  for (let v = 0; v < n; v++) {
    const start = offsets[v]!;
    const end = offsets[v + 1]!;
    let sorted = true;
    for (let a = start + 1; a < end && sorted; a++) sorted = csr.targets[a - 1]! < csr.targets[a]!;
    if (sorted) {
      targets.set(csr.targets.subarray(start, end), start);
      weights.set(csr.weights.subarray(start, end), start);
      continue;
    }
    const order = Array.from({ length: end - start }, (_, i) => start + i).sort(
      (a, b) => csr.targets[a]! - csr.targets[b]!,
    );
    for (let i = 0; i < order.length; i++) {
      targets[start + i] = csr.targets[order[i]!]!;
      weights[start + i] = csr.weights[order[i]!]!;
    }
  }
  return { ...csr, targets, weights };
}

function brokerageOf(unsorted: Csr, limit: number): BrokerageResult {
  const csr = sortedByTarget(unsorted);
  const { n, nodes, offsets, targets, weights } = csr;
  // Per node: total and largest mutual weight, the two normalisers of Burt's measures.
  const total = new Float64Array(n);
  const largest = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    for (let a = offsets[v]!; a < offsets[v + 1]!; a++) {
      total[v]! += weights[a]!;
      if (weights[a]! > largest[v]!) largest[v] = weights[a]!;
    }
  }
  const stamp = new Int32Array(n).fill(-1);
  const share = new Float64Array(n);
  const indirect = new Float64Array(n);
  const constraint: Record<string, number | null> = {};
  const effectiveSize: Record<string, number | null> = {};
  const candidates: Broker[] = [];

  for (let v = 0; v < n; v++) {
    const start = offsets[v]!;
    const end = offsets[v + 1]!;
    if (start === end) {
      constraint[nodes[v]!] = null;
      effectiveSize[nodes[v]!] = null;
      continue;
    }
    for (let a = start; a < end; a++) {
      const j = targets[a]!;
      stamp[j] = v;
      share[j] = weights[a]! / total[v]!;
      indirect[j] = 0;
    }
    // One pass over the two-step paths v - q - j with j also a contact of v serves both measures:
    // constraint needs sum_q p_vq p_qj per contact j, effective size needs sum_j p_vj m_qj / max_q per contact q.
    // Scanning all of q's contacts costs deg(q), which summed over a hub's neighbours is deg(hub)^2; when q is
    // much larger than v, looking v's contacts up in q's sorted list costs deg(v) log deg(q) instead.
    const degreeV = end - start;
    let effective = 0;
    for (let a = start; a < end; a++) {
      const q = targets[a]!;
      const pvq = share[q]!;
      const inverseTotal = 1 / total[q]!;
      const inverseLargest = 1 / largest[q]!;
      const qStart = offsets[q]!;
      const qEnd = offsets[q + 1]!;
      let redundancy = 0;
      if (qEnd - qStart <= degreeV * Math.log2(qEnd - qStart + 1)) {
        for (let b = qStart; b < qEnd; b++) {
          const j = targets[b]!;
          if (stamp[j] !== v) continue;
          indirect[j]! += pvq * weights[b]! * inverseTotal;
          redundancy += share[j]! * weights[b]! * inverseLargest;
        }
      } else {
        for (let c = start; c < end; c++) {
          const j = targets[c]!;
          const b = findArc(targets, qStart, qEnd, j);
          if (b < 0) continue;
          indirect[j]! += pvq * weights[b]! * inverseTotal;
          redundancy += share[j]! * weights[b]! * inverseLargest;
        }
      }
      effective += 1 - redundancy;
    }
    let c = 0;
    for (let a = start; a < end; a++) {
      const j = targets[a]!;
      const x = share[j]! + indirect[j]!;
      c += x * x;
    }
    constraint[nodes[v]!] = c;
    effectiveSize[nodes[v]!] = effective;
    if (end - start >= 2)
      candidates.push({ id: nodes[v]!, constraint: c, effectiveSize: effective, degree: end - start });
  }
  candidates.sort((a, b) => a.constraint - b.constraint || b.effectiveSize - a.effectiveSize);
  return { constraint, effectiveSize, brokers: candidates.slice(0, limit) };
}

/** Connected components (weak components of a directed graph), largest first. */
export function connectedComponents(graph: AbstractGraph): ComponentsResult {
  return componentsOf(naturalCsr(graph));
}

/** Articulation points and bridges of the undirected view, most damaging first. */
export function cutPoints(graph: AbstractGraph): CutPointsResult {
  return cutPointsOf(naturalCsr(graph));
}

/** Actors without any tie, in graph order. */
export function isolatedActors(graph: AbstractGraph): string[] {
  const csr = naturalCsr(graph);
  return csr.nodes.filter((_, v) => csr.offsets[v] === csr.offsets[v + 1]);
}

/** Burt's constraint and effective size for every actor, and the strongest brokers. */
export function brokerage(graph: AbstractGraph, options: BrokerageOptions = {}): BrokerageResult {
  return brokerageOf(naturalCsr(graph, options), options.limit ?? STRUCTURE_DEFAULTS.limit);
}

/** Everything above from one adjacency build. */
export function analyzeStructure(graph: AbstractGraph, options: StructureOptions = {}): StructureResult {
  const csr = naturalCsr(graph, options);
  return {
    components: componentsOf(csr),
    isolated: csr.nodes.filter((_, v) => csr.offsets[v] === csr.offsets[v + 1]),
    ...cutPointsOf(csr),
    ...brokerageOf(csr, options.limit ?? STRUCTURE_DEFAULTS.limit),
  };
}
