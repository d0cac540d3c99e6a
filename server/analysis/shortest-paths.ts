// Single-source shortest-path traversals over CSR arcs, the inner loop of betweenness and closeness:
// - Brandes (2001), "A faster algorithm for betweenness centrality", J. Math. Sociol. 25(2): one BFS (unweighted) or
//   Dijkstra (lengths 1 / weight) per source, counting shortest paths, then accumulating dependencies backwards;
//   with the linear scaling of Geisberger, Sanders & Schultes (2008) on sampled undirected runs (PathAccumulators);
// - the same traversals feed closeness (inward distance sums) so both measures share one pass per source;
// - distanceTotals: plain BFS or Dijkstra distance sums, for the nodes closeness must compute exactly.
import type { Csr } from "./csr";
import { NodeHeap } from "./node-heap";

export interface PathAccumulators {
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
export function runSources(csr: Csr, weighted: boolean, sources: ArrayLike<number>, acc: PathAccumulators): void {
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

/** For each source, how many nodes it reaches and the sum of their distances (plain BFS or Dijkstra). */
export function distanceTotals(
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
