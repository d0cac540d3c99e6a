// How much of each open need the offerings within its reach can cover, by proportional share (a documented rule,
// not the allocation's optimum, so the figure needs no solver and is the same however needs are listed):
// each supply node's remaining capacity is split among the open needs it fits and reaches, in proportion to what
// each still needs; a need's coverage is min(outstanding, the sum of its shares). With one offering of 25 devices
// reaching a school needing 30 and one needing 20, the shares are 25 x 30/50 = 15 and 25 x 20/50 = 10.
// A node and its needs always share one unit (the fit rule refuses other units), so no quantities of different
// units meet. Pooled nodes (offerings reaching everyone) share exactly as their offerings would one by one: every
// member is split among the same needs in the same proportions.
import { isOpenNeed } from "../domain/fit";
import { outstandingOf } from "./gaps-reach";
import type { NeedReach, Reach } from "./gaps-reach";
import type { GapNeed, GapOptions } from "./gaps-types";

/** Needs' supply nodes as compressed rows: the nodes of need i are nodes[start[i] .. start[i + 1]). */
export class NeedNodes {
  private data = new Int32Array(1024);
  private length = 0;
  private readonly starts: number[] = [0];

  add(nodes: readonly number[]): void {
    while (this.length + nodes.length > this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data.set(nodes, this.length);
    this.length += nodes.length;
    this.starts.push(this.length);
  }

  get needs(): number {
    return this.starts.length - 1;
  }

  start(i: number): number {
    return this.starts[i]!;
  }

  end(i: number): number {
    return this.starts[i + 1]!;
  }

  node(k: number): number {
    return this.data[k]!;
  }
}

export interface SharedCoverage {
  /** Remaining capacity of the fitting nodes within reach of each need, before sharing. */
  withinReach: Float64Array;
  /** min(outstanding, sum of shares). */
  covered: Float64Array;
  /** Outstanding quantity of the needs each node serves. */
  demand: Float64Array;
}

export function shareCapacity(
  outstanding: ArrayLike<number>,
  edges: NeedNodes,
  remaining: ArrayLike<number>,
): SharedCoverage {
  const demand = new Float64Array(remaining.length);
  for (let i = 0; i < edges.needs; i++) {
    for (let k = edges.start(i); k < edges.end(i); k++) demand[edges.node(k)]! += outstanding[i]!;
  }
  const withinReach = new Float64Array(edges.needs);
  const covered = new Float64Array(edges.needs);
  for (let i = 0; i < edges.needs; i++) {
    const q = outstanding[i]!;
    let reach = 0;
    let share = 0;
    for (let k = edges.start(i); k < edges.end(i); k++) {
      const node = edges.node(k);
      reach += remaining[node]!;
      if (demand[node]! > 0) share += (remaining[node]! * q) / demand[node]!;
    }
    withinReach[i] = reach;
    // Shares that add up to the whole need can land a rounding error short of it; that is not a shortfall.
    covered[i] = share >= q * (1 - 1e-12) ? q : share;
  }
  return { withinReach, covered, demand };
}

/**
 * The other actors whose open needs compete for the nodes reaching need `i`, for the reasons of the few actors
 * shown. The reverse rows (node -> needs) are built on the first call only.
 */
/** Needs' competitors are counted one by one up to this many node entries; past it, from the busiest node alone. */
export const EXACT_COMPETITION = 1_000;

/**
 * The other actors whose open needs compete for the nodes reaching need `i`, for reasons. Counting them exactly
 * walks every need on every node of the need; a pooled node may carry thousands, and on a large map every short
 * need of every actor asks, so past EXACT_COMPETITION entries the count is that of the node with the most actors:
 * a lower bound, said as "at least". The reverse rows (node -> needs) and per-node counts are built on first use.
 */
export class Competition {
  private byNode: { start: Int32Array; needs: Int32Array; actors: Int32Array; kind: Array<string | undefined> } | null =
    null;
  /** Actor number of each need, and per actor the last need (or node) that counted it. */
  private readonly actorOf: Int32Array;
  private readonly kinds: Array<string | undefined> = [];
  private readonly seen: Int32Array;

  constructor(
    private readonly edges: NeedNodes,
    private readonly nodeCount: number,
    actorIds: readonly string[],
    kindOf: (actorId: string) => string | undefined,
    private readonly outstanding: ArrayLike<number>,
    private readonly exactUpTo = EXACT_COMPETITION,
  ) {
    const number = new Map<string, number>();
    this.actorOf = Int32Array.from(actorIds, (id) => {
      let n = number.get(id);
      if (n === undefined) number.set(id, (n = this.kinds.push(kindOf(id)) - 1));
      return n;
    });
    this.seen = new Int32Array(this.kinds.length).fill(-1);
  }

  /**
   * How many actors, other than the need's own, have a need still open on one of the nodes reaching need `i`;
   * their kind (actor type) when they all share one; and whether the count is only a lower bound.
   */
  others(i: number): { count: number; kind: string | undefined; atLeast: boolean } {
    const { start, needs, actors, kind: nodeKind } = this.reverse();
    let entries = 0;
    let busiest = -1;
    for (let k = this.edges.start(i); k < this.edges.end(i); k++) {
      const node = this.edges.node(k);
      entries += start[node + 1]! - start[node]!;
      if (busiest < 0 || actors[node]! > actors[busiest]!) busiest = node;
    }
    if (entries > this.exactUpTo) {
      // The need itself is open on every node it reaches, so its own actor is among each node's.
      return { count: actors[busiest]! - 1, kind: nodeKind[busiest], atLeast: true };
    }
    const own = this.actorOf[i]!;
    let count = 0;
    let kind: string | undefined;
    let mixed = false;
    // Stamps, not a set: marks are reset by moving to the next stamp, never by clearing.
    const stamp = this.nodeCount + i;
    this.seen[own] = stamp;
    for (let k = this.edges.start(i); k < this.edges.end(i); k++) {
      const node = this.edges.node(k);
      for (let j = start[node]!; j < start[node + 1]!; j++) {
        const other = needs[j]!;
        const actor = this.actorOf[other]!;
        if (this.seen[actor] === stamp || !(this.outstanding[other]! > 0)) continue;
        this.seen[actor] = stamp;
        if (count++ === 0) kind = this.kinds[actor];
        else if (this.kinds[actor] !== kind) mixed = true;
      }
    }
    return { count, kind: mixed ? undefined : kind, atLeast: false };
  }

  private reverse() {
    if (this.byNode) return this.byNode;
    const { edges } = this;
    const start = new Int32Array(this.nodeCount + 1);
    for (let i = 0; i < edges.needs; i++) {
      for (let k = edges.start(i); k < edges.end(i); k++) start[edges.node(k) + 1]!++;
    }
    for (let n = 0; n < this.nodeCount; n++) start[n + 1]! += start[n]!;
    const fill = start.slice(0, this.nodeCount);
    const needs = new Int32Array(start[this.nodeCount]!);
    for (let i = 0; i < edges.needs; i++) {
      for (let k = edges.start(i); k < edges.end(i); k++) needs[fill[edges.node(k)]!++] = i;
    }
    // Distinct actors with an open need on each node, and their kind when they share one (stamped by node).
    const actors = new Int32Array(this.nodeCount);
    const kind: Array<string | undefined> = new Array(this.nodeCount);
    for (let node = 0; node < this.nodeCount; node++) {
      let mixed = false;
      for (let j = start[node]!; j < start[node + 1]!; j++) {
        const other = needs[j]!;
        const actor = this.actorOf[other]!;
        if (this.seen[actor] === node || !(this.outstanding[other]! > 0)) continue;
        this.seen[actor] = node;
        if (actors[node]++ === 0) kind[node] = this.kinds[actor];
        else if (this.kinds[actor] !== kind[node]) mixed = true;
      }
      if (mixed) kind[node] = undefined;
    }
    this.byNode = { start, needs, actors, kind };
    return this.byNode;
  }
}

/** Every open need's reach and shared coverage: one pass the unmet list and the under-served score both read. */
export interface CoveragePass {
  /** Open and partially met needs, in input order. */
  open: GapNeed[];
  outstanding: Float64Array;
  edges: NeedNodes;
  shared: SharedCoverage;
  competition: Competition;
  /** Reach details (nodes left out) of the needs that are unmet or asked for with `withNearest`. */
  details: Map<number, NeedReach>;
}

export function coverOpenNeeds(
  reach: Reach,
  needs: readonly GapNeed[],
  options: GapOptions,
  withNearest: (need: GapNeed) => boolean,
): CoveragePass {
  const open = needs.filter((n) => isOpenNeed(n.status));
  const outstanding = Float64Array.from(open, (n) => outstandingOf(n, options));
  const edges = new NeedNodes();
  const details = new Map<number, NeedReach>();
  open.forEach((need, i) => {
    const nearest = withNearest(need);
    const r = reach.reach(need, nearest);
    edges.add(r.nodes);
    // An unmet need's reason names the nearest offering, so it is looked up again with distances.
    if (nearest) details.set(i, { ...r, nodes: [] });
    else if (r.nodes.length === 0) details.set(i, { ...reach.reach(need, true), nodes: [] });
  });
  const shared = shareCapacity(outstanding, edges, reach.remaining);
  const competition = new Competition(
    edges,
    reach.remaining.length,
    open.map((n) => n.actorId),
    (id) => reach.actors.get(id)?.type,
    outstanding,
  );
  return { open, outstanding, edges, shared, competition, details };
}
