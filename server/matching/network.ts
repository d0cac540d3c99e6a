// Warm introductions: the widest of the shortest paths (Wang & Crowcroft 1996, "Quality-of-service routing for
// supporting multimedia applications", IEEE JSAC 14(7)): fewest intermediaries first, because every extra hand
// an introduction passes through makes it less likely to happen; among paths of that length, the one whose
// weakest tie is strongest, then the largest total tie weight.
//
// One breadth-first pass from the querying actor marks its neighbours and second neighbours with the best
// bottleneck that reaches each; a third tie is then found among the target's own neighbours, so the cost per
// candidate is its degree and no traversal ever leaves the source's two-hop ball. Network proximity scores up to
// three ties. A chain of four is still worth showing when nothing shorter exists (a rural school four ties from a
// refurbisher can still ask its cooperative to start the chain), so `path` looks one step further on request, for
// the few candidates that are reported.
import type { Csr } from "../analysis/csr";

/** Network proximity by number of ties on the introduction path; no path within three ties scores 0. */
export const NETWORK_SCORE_BY_HOPS: readonly number[] = [1, 1, 0.6, 0.3];
/** The longest introduction chain reported. */
export const MAX_INTRODUCTION_HOPS = 4;

const UNSEEN = 0;
const SOURCE = 1;
const FIRST = 2;
const SECOND = 3;

export class IntroductionFinder {
  private readonly layer: Uint8Array;
  private readonly bottleneck: Float64Array;
  private readonly total: Float64Array;
  private readonly via: Int32Array;
  private touched: number[] = [];
  private source = -1;

  constructor(private readonly csr: Csr) {
    this.layer = new Uint8Array(csr.n);
    this.bottleneck = new Float64Array(csr.n);
    this.total = new Float64Array(csr.n);
    this.via = new Int32Array(csr.n);
  }

  /** Marks the two-hop ball around `source`; the previous source's marks are cleared first. */
  from(source: number): void {
    this.release();
    const { offsets, targets, weights } = this.csr;
    this.source = source;
    this.mark(source, SOURCE, Infinity, 0, -1);
    for (let a = offsets[source]!; a < offsets[source + 1]!; a++)
      this.mark(targets[a]!, FIRST, weights[a]!, weights[a]!, source);
    const first = this.touched.slice(1);
    for (const m of first) {
      const bm = this.bottleneck[m]!;
      const tm = this.total[m]!;
      for (let a = offsets[m]!; a < offsets[m + 1]!; a++) {
        const v = targets[a]!;
        const layer = this.layer[v]!;
        if (layer === SOURCE || layer === FIRST) continue;
        const b = Math.min(bm, weights[a]!);
        const t = tm + weights[a]!;
        if (layer === UNSEEN) this.mark(v, SECOND, b, t, m);
        else if (b > this.bottleneck[v]! || (b === this.bottleneck[v]! && t > this.total[v]!)) {
          this.bottleneck[v] = b;
          this.total[v] = t;
          this.via[v] = m;
        }
      }
    }
  }

  /** Ties between the source and `target`: 1 to 3, 0 for the source itself, Infinity beyond three. */
  hops(target: number): number {
    const layer = this.layer[target]!;
    if (layer !== UNSEEN) return layer - SOURCE;
    const { offsets, targets } = this.csr;
    for (let a = offsets[target]!; a < offsets[target + 1]!; a++) if (this.layer[targets[a]!] === SECOND) return 3;
    return Infinity;
  }

  /** Actor indices from the source to `target`, or null when more than `maxHops` (3 or 4) ties apart. */
  path(target: number, maxHops = 3): number[] | null {
    const layer = this.layer[target]!;
    if (layer === SOURCE) return [target];
    if (layer === FIRST) return [this.source, target];
    if (layer === SECOND) return [this.source, this.via[target]!, target];
    const { offsets, targets, weights } = this.csr;
    let best = -1;
    let bestBottleneck = -Infinity;
    let bestTotal = -Infinity;
    for (let a = offsets[target]!; a < offsets[target + 1]!; a++) {
      const x = targets[a]!;
      if (this.layer[x] !== SECOND) continue;
      const b = Math.min(this.bottleneck[x]!, weights[a]!);
      const t = this.total[x]! + weights[a]!;
      if (b > bestBottleneck || (b === bestBottleneck && t > bestTotal)) {
        best = x;
        bestBottleneck = b;
        bestTotal = t;
      }
    }
    if (best >= 0) return [this.source, this.via[best]!, best, target];
    if (maxHops < 4) return null;
    // Four ties: a neighbour x of the target next to a second neighbour y of the source.
    let bestX = -1;
    for (let a = offsets[target]!; a < offsets[target + 1]!; a++) {
      const x = targets[a]!;
      for (let e = offsets[x]!; e < offsets[x + 1]!; e++) {
        const y = targets[e]!;
        if (this.layer[y] !== SECOND) continue;
        const b = Math.min(this.bottleneck[y]!, weights[e]!, weights[a]!);
        const t = this.total[y]! + weights[e]! + weights[a]!;
        if (b > bestBottleneck || (b === bestBottleneck && t > bestTotal)) {
          best = y;
          bestX = x;
          bestBottleneck = b;
          bestTotal = t;
        }
      }
    }
    return best < 0 ? null : [this.source, this.via[best]!, best, bestX, target];
  }

  release(): void {
    for (const v of this.touched) this.layer[v] = UNSEEN;
    this.touched = [];
    this.source = -1;
  }

  private mark(v: number, layer: number, bottleneck: number, total: number, via: number): void {
    this.layer[v] = layer;
    this.bottleneck[v] = bottleneck;
    this.total[v] = total;
    this.via[v] = via;
    this.touched.push(v);
  }
}

/**
 * Hop distances between pairs of actors by bidirectional breadth-first search: each round grows the smaller
 * frontier by one whole layer, so a pair in one component meets in the middle and a pair in different components
 * stops as soon as the smaller component is exhausted. Buffers are reused across queries.
 */
export class HopCounter {
  private readonly seen: [Int32Array, Int32Array];
  private readonly dist: [Int32Array, Int32Array];
  private readonly queue: [Int32Array, Int32Array];
  private stamp = 0;

  constructor(private readonly csr: Csr) {
    const n = csr.n;
    this.seen = [new Int32Array(n), new Int32Array(n)];
    this.dist = [new Int32Array(n), new Int32Array(n)];
    this.queue = [new Int32Array(n), new Int32Array(n)];
  }

  /** Ties on a shortest path between `a` and `b`, or null when they are not connected. */
  distance(a: number, b: number): number | null {
    if (a === b) return 0;
    const stamp = ++this.stamp;
    const { offsets, targets } = this.csr;
    const head = [0, 0];
    const tail = [1, 1];
    const depth = [0, 0];
    [a, b].forEach((v, side) => {
      this.seen[side]![v] = stamp;
      this.dist[side]![v] = 0;
      this.queue[side]![0] = v;
    });
    while (head[0]! < tail[0]! && head[1]! < tail[1]!) {
      const side = tail[0]! - head[0]! <= tail[1]! - head[1]! ? 0 : 1;
      const other = 1 - side;
      const [seen, dist, queue] = [this.seen[side]!, this.dist[side]!, this.queue[side]!];
      const [seenOther, distOther] = [this.seen[other]!, this.dist[other]!];
      const layerEnd = tail[side]!;
      let best = Infinity;
      for (; head[side]! < layerEnd; head[side]!++) {
        const v = queue[head[side]!]!;
        for (let e = offsets[v]!; e < offsets[v + 1]!; e++) {
          const w = targets[e]!;
          if (seen[w] === stamp) continue;
          seen[w] = stamp;
          dist[w] = depth[side]! + 1;
          queue[tail[side]!++] = w;
          if (seenOther[w] === stamp) best = Math.min(best, dist[w]! + distOther[w]!);
        }
      }
      // Every meeting in this layer has the same near-side length, so the best of the layer is the shortest.
      if (best < Infinity) return best;
      depth[side]!++;
    }
    return null;
  }
}
