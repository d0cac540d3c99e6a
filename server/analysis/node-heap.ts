// The priority queue of the Dijkstra traversals (shortest-paths.ts): an indexed d-ary heap (d = 4) over node
// numbers with typed-array storage, so a traversal allocates nothing per push or pop.

/**
 * Indexed 4-ary min-heap of nodes keyed by tentative distance, with decrease-key: at most one entry per node,
 * and keys stored beside the nodes so the four children of a slot sit in one cache line.
 */
export class NodeHeap {
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
