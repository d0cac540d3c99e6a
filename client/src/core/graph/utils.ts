import { categoryLineage } from "../../../../server/schemas/domain";
import type { Category, Commitment, GraphView, Need, Offering, Relationship } from "../api/types";
import type { Ecosystem, Positions } from "./types";

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function indexEcosystem(view: GraphView): Ecosystem {
  const actors = new Map(view.actors.map((a) => [a.id, a]));
  const needs = new Map<string, Need>();
  const offerings = new Map<string, Offering>();
  const needsByActor = new Map<string, Need[]>();
  const offeringsByActor = new Map<string, Offering[]>();
  const relationshipsByActor = new Map<string, Relationship[]>();
  const commitmentsByNeed = new Map<string, Commitment[]>();
  const commitmentsByOffering = new Map<string, Commitment[]>();
  const neighbours = new Map<string, Set<string>>();
  const actorCategories = new Map<string, Set<string>>();
  const regions = new Set<string>();

  for (const a of view.actors) {
    neighbours.set(a.id, new Set());
    actorCategories.set(a.id, new Set());
    if (a.location?.region) regions.add(a.location.region);
  }
  const addCategory = (actorId: string, category: string) => {
    const set = actorCategories.get(actorId);
    if (set) for (const c of categoryLineage(category)) set.add(c);
  };
  for (const n of view.needs) {
    needs.set(n.id, n);
    push(needsByActor, n.actorId, n);
    addCategory(n.actorId, n.category);
  }
  for (const o of view.offerings) {
    offerings.set(o.id, o);
    push(offeringsByActor, o.actorId, o);
    addCategory(o.actorId, o.category);
  }
  for (const r of view.relationships) {
    push(relationshipsByActor, r.from, r);
    if (r.to !== r.from) push(relationshipsByActor, r.to, r);
    neighbours.get(r.from)?.add(r.to);
    neighbours.get(r.to)?.add(r.from);
  }
  for (const c of view.commitments ?? []) {
    push(commitmentsByNeed, c.needId, c);
    push(commitmentsByOffering, c.offeringId, c);
  }
  return {
    view,
    actors,
    needs,
    offerings,
    categories: new Map<string, Category>(view.categories.map((c) => [c.id, c])),
    needsByActor,
    offeringsByActor,
    relationshipsByActor,
    commitmentsByNeed,
    commitmentsByOffering,
    neighbours,
    actorCategories,
    regions: [...regions].sort((a, b) => a.localeCompare(b)),
  };
}

/** Actors within `depth` ties of `start` (breadth-first), `start` included. */
export function neighbourhood(neighbours: Map<string, Set<string>>, start: string, depth: number): Set<string> {
  const seen = new Set([start]);
  let frontier = [start];
  for (let d = 0; d < depth && frontier.length; d++) {
    const next: string[] = [];
    for (const id of frontier)
      for (const n of neighbours.get(id) ?? [])
        if (!seen.has(n)) {
          seen.add(n);
          next.push(n);
        }
    frontier = next;
  }
  return seen;
}

/** A stable pseudo-random number in [0, 1) from a string (FNV-1a), so first layouts repeat across reloads. */
function hashUnit(s: string, salt = 0): number {
  let h = 0x811c9dc5 ^ salt;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return ((h >>> 0) % 1_000_003) / 1_000_003;
}

/** Where a new actor goes: the centre of its placed neighbours with a little jitter, else a hashed spot. */
export function placeNew(
  id: string,
  neighbours: Iterable<string>,
  placed: Positions,
  spread: number,
): { x: number; y: number } {
  let x = 0;
  let y = 0;
  let n = 0;
  for (const m of neighbours) {
    const p = placed.get(m);
    if (p) {
      x += p.x;
      y += p.y;
      n++;
    }
  }
  const jx = (hashUnit(id, 1) - 0.5) * spread * 0.1;
  const jy = (hashUnit(id, 2) - 0.5) * spread * 0.1;
  if (n) return { x: x / n + jx, y: y / n + jy };
  return { x: (hashUnit(id, 1) - 0.5) * spread, y: (hashUnit(id, 2) - 0.5) * spread };
}
