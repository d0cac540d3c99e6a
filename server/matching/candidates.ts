// The candidates of one query, gathered as parallel arrays before scoring, and the slot maps that find a
// candidate by item index without allocating per query.
import type { CategoryRelation } from "../domain/taxonomy";
import type { MatchIndex } from "./types";

export class Candidates {
  items: number[] = [];
  relations: CategoryRelation[] = [];
  distances: Array<number | null> = [];
  text: number[] = [];
  /** 1 where an unrelated item came in on strong text evidence alone. */
  strongText: number[] = [];
  private readonly slot: Int32Array;

  constructor(size: number) {
    this.slot = new Int32Array(size);
  }

  add(item: number, relation: CategoryRelation, distance: number | null): void {
    if (this.slot[item] !== 0) return;
    this.items.push(item);
    this.relations.push(relation);
    this.distances.push(distance);
    this.text.push(0);
    this.strongText.push(0);
    this.slot[item] = this.items.length;
  }

  /** 0-based position of `item`, or -1. */
  position(item: number): number {
    return this.slot[item]! - 1;
  }

  release(): void {
    for (const item of this.items) this.slot[item] = 0;
  }
}

// One slot map per item kind, reused across queries: allocating 100k-entry arrays per query would cost more than
// the query itself. Queries are synchronous, so no two ever share a map at once.
const slotMaps = new WeakMap<MatchIndex, { offerings: Candidates; needs: Candidates }>();
export function candidatesFor(index: MatchIndex, kind: "offerings" | "needs"): Candidates {
  let maps = slotMaps.get(index);
  if (!maps) {
    maps = { offerings: new Candidates(index.offerings.length), needs: new Candidates(index.needs.length) };
    slotMaps.set(index, maps);
  }
  const c = maps[kind];
  c.items = [];
  c.relations = [];
  c.distances = [];
  c.text = [];
  c.strongText = [];
  return c;
}
