// Match candidates: which offering should meet which need, why, and through whom to ask.
//
// Retrieval never scans the map: offerings (and needs) are bucketed by category, and in-person ones with a stated
// reach sit in per-category k-d trees (Bentley 1975 k-d tree via kdbush; great-circle nearest neighbours by
// geokdbush after Agafonkin) grouped by reach, so a query visits only related categories and only the points that
// could reach it. Text relevance is Okapi BM25 through MiniSearch (see text.ts); introductions are widest shortest
// paths over the actor graph (see network.ts).
//
// The score is a weighted mean of six parts, each in [0, 1] and reported separately:
// - category: taxonomy fit (same 1, broader or narrower 0.7, sibling 0.4). Unrelated categories are left out
//   unless the texts match strongly (relevance >= 0.4 with at least two shared words), because a good description
//   beats a mis-filed category, while weak word overlap across categories is mostly noise (a place name);
// - text: BM25 relevance of the offering's (need's) title, description and tags to the other side's, leaving out
//   the words of the asking actor's own name;
// - geography: in-person offerings only within their reach (haversine between the actors), scoring 1 at the door
//   and 0.5 at the edge of the reach; with no stated reach, 0.5 at 50 km (MATCH_DEFAULTS); remote and "both"
//   offerings ignore distance and score 1;
// - capacity: the share of the outstanding quantity the remaining capacity can cover;
// - network: 1 for an existing tie, 0.6 through one intermediary, 0.3 through two, 0 otherwise (a chain of four
//   ties is still reported as the introduction path, but scores 0);
// - equity: the needing actor's under-served score from the gap analysis.
// Exhausted, expired (validUntil < today) and fully committed offerings, met or closed needs, and an actor's own
// offerings for its own needs never appear.
import { around } from "geokdbush";
import KDBush from "kdbush";
import type { AbstractGraph } from "graphology-types";
import { toUndirectedCsr } from "../analysis/csr";
import type { Csr } from "../analysis/csr";
import { haversineKm } from "../analysis/geo";
import { buildActorGraph } from "../analysis/graph";
import type { ActorNode, RelationshipEdge } from "../analysis/graph";
import type { Category, Need, Offering, Priority } from "../schemas/domain";
import { NotFoundError } from "../store/errors";
import { explainForNeed, explainForOffering } from "./explain";
import { IntroductionFinder, MAX_INTRODUCTION_HOPS, NETWORK_SCORE_BY_HOPS } from "./network";
import { CATEGORY_FIT, categoryRelation, invertRelation, Taxonomy } from "./taxonomy";
import type { CategoryRelation } from "./taxonomy";
import { TextIndex } from "./text";
import type { ItemText, QueryTerm } from "./text";

export type { CategoryRelation } from "./taxonomy";
export type { ItemText } from "./text";

type Modality = Offering["modality"];

// ---- Inputs -------------------------------------------------------------------------------------------------

export type MatchNeed = Pick<Need, "id" | "actorId" | "category" | "title" | "quantity" | "priority" | "status">;
export type MatchOffering = Pick<
  Offering,
  "id" | "actorId" | "category" | "title" | "capacity" | "modality" | "status"
> & {
  committed?: number;
  reachKm?: number | null;
  validUntil?: string | null;
};

/** The parts of a map matching reads; `MapSnapshot` and synthetic bundles both fit. */
export interface MatchSnapshot {
  actors: readonly ActorNode[];
  relationships: readonly RelationshipEdge[];
  needs: readonly MatchNeed[];
  offerings: readonly MatchOffering[];
  categories?: readonly Pick<Category, "id">[];
}

export interface MatchIndexOptions {
  /** Descriptions and tags of needs and offerings, by item id. */
  texts?: ReadonlyMap<string, ItemText>;
  /** Remaining capacity per offering; default capacity - committed. */
  remaining?: ReadonlyMap<string, number>;
  /** Quantity still wanted per need (quantity minus what commitments cover); default quantity. */
  outstanding?: ReadonlyMap<string, number>;
  /** Under-served score in [0, 1] per actor, from the gap analysis; absent actors score 0. */
  underServed?: ReadonlyMap<string, number>;
  /** ISO date against which validUntil is judged; default today (UTC). */
  today?: string;
  /** The map's actor graph, when the caller has one built already. */
  graph?: AbstractGraph;
}

export interface MatchWeights {
  category: number;
  text: number;
  geography: number;
  capacity: number;
  network: number;
  equity: number;
}

export const DEFAULT_WEIGHTS: Readonly<MatchWeights> = Object.freeze({
  category: 0.3,
  text: 0.15,
  geography: 0.15,
  capacity: 0.15,
  network: 0.15,
  equity: 0.1,
});

export const MATCH_DEFAULTS = {
  limit: 10,
  /** Text relevance from which an item in an unrelated category still counts (with two shared words or more). */
  strongTextRelevance: 0.4,
  /** Distance at which an in-person offering with no stated reach scores 0.5 for geography. */
  distanceHalfKm: 50,
  /** Geography score of an in-person offering with no reach limit when a location is missing. */
  unknownDistanceScore: 0.5,
} as const;

export interface MatchOptions {
  limit?: number;
  weights?: Partial<MatchWeights>;
}

/** A request the matcher cannot honour, such as negative weights; the API maps it to 400. */
export class MatchOptionsError extends Error {
  readonly statusCode = 400;
}

// ---- Outputs ------------------------------------------------------------------------------------------------

export type ScoreBreakdown = MatchWeights;

export interface IntroductionPath {
  /** Ties along the path: 1 for an existing tie, up to 4. */
  hops: number;
  /** From the needing actor to the offering actor, both included. */
  actors: Array<{ id: string; name: string }>;
}

export interface MatchCandidate {
  needId: string;
  offeringId: string;
  needActorId: string;
  offeringActorId: string;
  needTitle: string;
  offeringTitle: string;
  needCategory: string;
  offeringCategory: string;
  /** The offering's category relative to the need's. */
  categoryRelation: CategoryRelation;
  /** Weighted mean of the breakdown, in [0, 1]. */
  score: number;
  breakdown: ScoreBreakdown;
  /** Normalised weights (summing to 1): score = sum of weights[k] * breakdown[k]. */
  weights: MatchWeights;
  modality: Modality;
  /** Between the two actors; null for remote and "both" offerings, or when a location is unknown. */
  distanceKm: number | null;
  reachKm: number | null;
  remainingCapacity: number;
  quantityNeeded: number;
  priority: Priority;
  introductionPath: IntroductionPath | null;
  explanation: string;
}

// ---- The index ----------------------------------------------------------------------------------------------

const IN_PERSON = 0;
const MODALITY_CODE: Record<Modality, number> = { in_person: IN_PERSON, remote: 1, both: 2 };
/** Reach bands: a query into a band searches out to its bound, so one long-reach offering cannot widen them all. */
const REACH_BANDS_KM = [10, 30, 100, 300, 1000, 3000, Infinity];
const EPSILON = 1e-9;

interface GeoTree {
  maxKm: number;
  tree: KDBush;
  /** Item index of each tree point, in insertion order. */
  items: Int32Array;
}

interface OfferingBucket {
  /** Remote and "both" offerings, which reach everyone. */
  anywhere: Int32Array;
  /** In-person offerings with no stated reach. */
  unlimited: Int32Array;
  /** In-person offerings with a reach, by reach band; those of actors without a location can reach no one. */
  bands: GeoTree[];
}

interface NeedBucket {
  all: Int32Array;
  located: GeoTree | null;
}

export interface MatchIndex {
  readonly today: string;
  readonly counts: {
    actors: number;
    needs: number;
    offerings: number;
    openNeeds: number;
    availableOfferings: number;
  };
  /** @internal The rest is shared with bridges.ts and allocation.ts only. */
  readonly csr: Csr;
  readonly actorIndex: ReadonlyMap<string, number>;
  readonly actorNames: readonly string[];
  readonly actorLat: Float64Array;
  readonly actorLon: Float64Array;
  readonly actorRegion: ReadonlyArray<string | undefined>;
  readonly underServed: Float64Array;
  readonly needs: readonly MatchNeed[];
  readonly needIndex: ReadonlyMap<string, number>;
  readonly needActor: Int32Array;
  readonly outstanding: Float64Array;
  readonly needOpen: Uint8Array;
  readonly offerings: readonly MatchOffering[];
  readonly offeringIndex: ReadonlyMap<string, number>;
  readonly offeringActor: Int32Array;
  readonly remaining: Float64Array;
  readonly offeringAvailable: Uint8Array;
  readonly modality: Uint8Array;
  /** NaN when no reach is stated. */
  readonly reachKm: Float64Array;
  readonly taxonomy: Taxonomy;
  readonly offeringBuckets: ReadonlyMap<string, OfferingBucket>;
  readonly needBuckets: ReadonlyMap<string, NeedBucket>;
  readonly offeringText: TextIndex;
  readonly needText: TextIndex;
  readonly texts: ReadonlyMap<string, ItemText>;
  readonly introductions: IntroductionFinder;
}

function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

function geoTree(items: number[], lat: (i: number) => number, lon: (i: number) => number, maxKm: number): GeoTree {
  const tree = new KDBush(items.length);
  for (const i of items) tree.add(lon(i), lat(i));
  tree.finish();
  return { maxKm, tree, items: Int32Array.from(items) };
}

export function buildMatchIndex(snapshot: MatchSnapshot, options: MatchIndexOptions = {}): MatchIndex {
  const today = options.today ?? todayUtc();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today))
    throw new MatchOptionsError(`matching: today must be YYYY-MM-DD, got "${today}"`);

  const graph = options.graph ?? buildActorGraph(snapshot.actors, snapshot.relationships);
  const csr = toUndirectedCsr("matching", graph, { getEdgeWeight: "weight" });
  const actorIndex = new Map<string, number>();
  csr.nodes.forEach((id, i) => actorIndex.set(id, i));
  const nActors = csr.n;
  const actorNames: string[] = csr.nodes.slice();
  const actorLat = new Float64Array(nActors).fill(NaN);
  const actorLon = new Float64Array(nActors).fill(NaN);
  const actorRegion: Array<string | undefined> = new Array(nActors).fill(undefined);
  for (const actor of snapshot.actors) {
    const i = actorIndex.get(actor.id);
    if (i === undefined) continue;
    actorNames[i] = actor.name;
    if (actor.location) {
      actorLat[i] = actor.location.lat;
      actorLon[i] = actor.location.lon;
      actorRegion[i] = actor.location.region;
    }
  }
  const underServed = new Float64Array(nActors);
  for (const [id, u] of options.underServed ?? []) {
    const i = actorIndex.get(id);
    if (i !== undefined && Number.isFinite(u)) underServed[i] = Math.min(1, Math.max(0, u));
  }

  const needs = snapshot.needs;
  const needIndex = new Map<string, number>();
  const needActor = new Int32Array(needs.length);
  const outstanding = new Float64Array(needs.length);
  const needOpen = new Uint8Array(needs.length);
  needs.forEach((need, n) => {
    needIndex.set(need.id, n);
    const a = actorIndex.get(need.actorId) ?? -1;
    needActor[n] = a;
    outstanding[n] = options.outstanding?.get(need.id) ?? need.quantity;
    needOpen[n] =
      a >= 0 && (need.status === "open" || need.status === "partially_met") && outstanding[n]! > EPSILON ? 1 : 0;
  });

  const offerings = snapshot.offerings;
  const offeringIndex = new Map<string, number>();
  const offeringActor = new Int32Array(offerings.length);
  const remaining = new Float64Array(offerings.length);
  const offeringAvailable = new Uint8Array(offerings.length);
  const modality = new Uint8Array(offerings.length);
  const reachKm = new Float64Array(offerings.length);
  offerings.forEach((o, k) => {
    offeringIndex.set(o.id, k);
    const a = actorIndex.get(o.actorId) ?? -1;
    offeringActor[k] = a;
    remaining[k] = options.remaining?.get(o.id) ?? o.capacity - (o.committed ?? 0);
    modality[k] = MODALITY_CODE[o.modality];
    reachKm[k] = o.reachKm ?? NaN;
    const expired = !!o.validUntil && o.validUntil < today;
    offeringAvailable[k] = a >= 0 && o.status !== "exhausted" && !expired && remaining[k]! > EPSILON ? 1 : 0;
  });

  const taxonomy = new Taxonomy([
    ...(snapshot.categories ?? []).map((c) => c.id),
    ...needs.map((n) => n.category),
    ...offerings.map((o) => o.category),
  ]);

  const offeringBuckets = new Map<string, OfferingBucket>();
  {
    const grouped = new Map<string, { anywhere: number[]; unlimited: number[]; bands: number[][] }>();
    offerings.forEach((o, k) => {
      if (!offeringAvailable[k]) return;
      let g = grouped.get(o.category);
      if (!g) grouped.set(o.category, (g = { anywhere: [], unlimited: [], bands: REACH_BANDS_KM.map(() => []) }));
      if (modality[k] !== IN_PERSON) g.anywhere.push(k);
      else if (Number.isNaN(reachKm[k]!)) g.unlimited.push(k);
      else if (!Number.isNaN(actorLat[offeringActor[k]!]!)) {
        g.bands[REACH_BANDS_KM.findIndex((b) => reachKm[k]! <= b)]!.push(k);
      }
    });
    const lat = (k: number) => actorLat[offeringActor[k]!]!;
    const lon = (k: number) => actorLon[offeringActor[k]!]!;
    for (const [category, g] of grouped) {
      offeringBuckets.set(category, {
        anywhere: Int32Array.from(g.anywhere),
        unlimited: Int32Array.from(g.unlimited),
        bands: g.bands.flatMap((items) => {
          if (items.length === 0) return [];
          const maxKm = items.reduce((m, k) => Math.max(m, reachKm[k]!), 0);
          return [geoTree(items, lat, lon, maxKm)];
        }),
      });
    }
  }

  const needBuckets = new Map<string, NeedBucket>();
  {
    const grouped = new Map<string, { all: number[]; located: number[] }>();
    needs.forEach((need, n) => {
      if (!needOpen[n]) return;
      let g = grouped.get(need.category);
      if (!g) grouped.set(need.category, (g = { all: [], located: [] }));
      g.all.push(n);
      if (!Number.isNaN(actorLat[needActor[n]!]!)) g.located.push(n);
    });
    const lat = (n: number) => actorLat[needActor[n]!]!;
    const lon = (n: number) => actorLon[needActor[n]!]!;
    for (const [category, g] of grouped) {
      needBuckets.set(category, {
        all: Int32Array.from(g.all),
        located: g.located.length > 0 ? geoTree(g.located, lat, lon, Infinity) : null,
      });
    }
  }

  const texts = options.texts ?? new Map<string, ItemText>();
  const offeringText = new TextIndex(
    offerings.length,
    (function* () {
      for (let k = 0; k < offerings.length; k++) {
        if (offeringAvailable[k]) yield { id: k, title: offerings[k]!.title, text: texts.get(offerings[k]!.id) };
      }
    })(),
  );
  const needText = new TextIndex(
    needs.length,
    (function* () {
      for (let n = 0; n < needs.length; n++) {
        if (needOpen[n]) yield { id: n, title: needs[n]!.title, text: texts.get(needs[n]!.id) };
      }
    })(),
  );

  let openNeeds = 0;
  for (const v of needOpen) openNeeds += v;
  let availableOfferings = 0;
  for (const v of offeringAvailable) availableOfferings += v;

  return {
    today,
    counts: { actors: nActors, needs: needs.length, offerings: offerings.length, openNeeds, availableOfferings },
    csr,
    actorIndex,
    actorNames,
    actorLat,
    actorLon,
    actorRegion,
    underServed,
    needs,
    needIndex,
    needActor,
    outstanding,
    needOpen,
    offerings,
    offeringIndex,
    offeringActor,
    remaining,
    offeringAvailable,
    modality,
    reachKm,
    taxonomy,
    offeringBuckets,
    needBuckets,
    offeringText,
    needText,
    texts,
    introductions: new IntroductionFinder(csr),
  };
}

// ---- Weights ------------------------------------------------------------------------------------------------

const WEIGHT_KEYS = Object.keys(DEFAULT_WEIGHTS) as Array<keyof MatchWeights>;

/** Defaults overridden by `weights`, checked, and scaled to sum to 1. */
export function resolveWeights(weights: Partial<MatchWeights> = {}): MatchWeights {
  for (const key of Object.keys(weights)) {
    if (!WEIGHT_KEYS.includes(key as keyof MatchWeights)) {
      throw new MatchOptionsError(`matching: unknown weight "${key}"; expected one of ${WEIGHT_KEYS.join(", ")}`);
    }
  }
  const merged = { ...DEFAULT_WEIGHTS, ...weights };
  let sum = 0;
  for (const key of WEIGHT_KEYS) {
    const w = merged[key];
    if (typeof w !== "number" || !Number.isFinite(w) || w < 0) {
      throw new MatchOptionsError(`matching: weight "${key}" must be a non-negative number, got ${String(w)}`);
    }
    sum += w;
  }
  if (!(sum > 0)) throw new MatchOptionsError("matching: weights must not all be zero");
  const out = {} as MatchWeights;
  for (const key of WEIGHT_KEYS) out[key] = merged[key] / sum;
  return out;
}

function resolveLimit(limit: number | undefined): number {
  const l = limit ?? MATCH_DEFAULTS.limit;
  if (!Number.isInteger(l) || l < 0)
    throw new MatchOptionsError(`matching: limit must be a non-negative integer, got ${l}`);
  return l;
}

// ---- Scoring ------------------------------------------------------------------------------------------------

function geographyScore(modality: number, reach: number, distance: number | null): number {
  if (modality !== IN_PERSON) return 1;
  if (distance === null) return MATCH_DEFAULTS.unknownDistanceScore;
  if (!Number.isNaN(reach)) return reach > 0 ? 1 - (0.5 * Math.min(distance, reach)) / reach : 1;
  return 1 / (1 + distance / MATCH_DEFAULTS.distanceHalfKm);
}

function actorDistance(index: MatchIndex, a: number, b: number): number | null {
  const { actorLat: lat, actorLon: lon } = index;
  if (Number.isNaN(lat[a]!) || Number.isNaN(lat[b]!)) return null;
  return haversineKm({ lat: lat[a]!, lon: lon[a]! }, { lat: lat[b]!, lon: lon[b]! });
}

/** Distance the match is reported with (null when it does not matter or is unknown), or undefined when out of reach. */
function reachFrom(index: MatchIndex, offering: number, needActor: number): number | null | undefined {
  if (index.modality[offering] !== IN_PERSON) return null;
  const d = actorDistance(index, index.offeringActor[offering]!, needActor);
  const reach = index.reachKm[offering]!;
  if (Number.isNaN(reach)) return d;
  return d !== null && d <= reach ? d : undefined;
}

/** A scored need-offering pair, in item indices; what the ranked queries, bridges and allocation share. */
export interface ScoredPair {
  need: number;
  offering: number;
  relation: CategoryRelation;
  distanceKm: number | null;
  hops: number;
  breakdown: ScoreBreakdown;
  score: number;
}

/** Growing parallel arrays of candidates for one query, with a per-item slot map to find them by item index. */
class Candidates {
  items: number[] = [];
  relations: CategoryRelation[] = [];
  distances: Array<number | null> = [];
  text: number[] = [];
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
function candidatesFor(index: MatchIndex, kind: "offerings" | "needs"): Candidates {
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
  return c;
}

/** The `limit` best of `count` by `score`, ties to the lower `order`; a bounded heap, so O(count log limit). */
function selectTop(count: number, limit: number, score: (i: number) => number, order: (i: number) => number): number[] {
  if (limit === 0) return [];
  const worse = (i: number, j: number) => {
    const si = score(i);
    const sj = score(j);
    return si < sj || (si === sj && order(i) > order(j));
  };
  const heap: number[] = [];
  const down = (p: number) => {
    for (;;) {
      const l = 2 * p + 1;
      const r = l + 1;
      let m = p;
      if (l < heap.length && worse(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && worse(heap[r]!, heap[m]!)) m = r;
      if (m === p) return;
      [heap[p], heap[m]] = [heap[m]!, heap[p]!];
      p = m;
    }
  };
  for (let i = 0; i < count; i++) {
    if (heap.length < limit) {
      heap.push(i);
      for (let c = heap.length - 1; c > 0;) {
        const p = (c - 1) >> 1;
        if (!worse(heap[c]!, heap[p]!)) break;
        [heap[p], heap[c]] = [heap[c]!, heap[p]!];
        c = p;
      }
    } else if (worse(heap[0]!, i)) {
      heap[0] = i;
      down(0);
    }
  }
  return heap.sort((i, j) => (worse(i, j) ? 1 : worse(j, i) ? -1 : 0));
}

/**
 * Whether text alone may bring in an item of an unrelated category: enough of the query's evidence, and more than one
 * shared word when the query has several, since one shared proper noun ("Willow" in "Laptops for Willow School")
 * says nothing about what is needed or offered.
 */
function isStrong(relevance: number, matched: number, known: number): boolean {
  return relevance >= MATCH_DEFAULTS.strongTextRelevance && matched >= Math.min(2, known);
}

function needQuery(index: MatchIndex, need: number): QueryTerm[] {
  const n = index.needs[need]!;
  return index.offeringText.query(n.title, index.texts.get(n.id), index.actorNames[index.needActor[need]!]);
}

function offeringQuery(index: MatchIndex, offering: number): QueryTerm[] {
  const o = index.offerings[offering]!;
  return index.needText.query(o.title, index.texts.get(o.id), index.actorNames[index.offeringActor[offering]!]);
}

/**
 * The best offerings for one open need, scored. `accept` filters offerings before scoring (bridges use it to
 * keep other communities only). The introduction finder is left prepared from the need's actor.
 */
export function rankOfferingsForNeed(
  index: MatchIndex,
  need: number,
  weights: MatchWeights,
  limit: number,
  accept?: (offering: number) => boolean,
): ScoredPair[] {
  if (!index.needOpen[need]) return [];
  const c = candidatesFor(index, "offerings");
  try {
    return offeringsForNeed(index, c, need, weights, limit, accept);
  } finally {
    c.release();
  }
}

function offeringsForNeed(
  index: MatchIndex,
  c: Candidates,
  need: number,
  weights: MatchWeights,
  limit: number,
  accept?: (offering: number) => boolean,
): ScoredPair[] {
  const a = index.needActor[need]!;
  const category = index.needs[need]!.category;
  const located = !Number.isNaN(index.actorLat[a]!);
  const take = (o: number) => index.offeringActor[o] !== a && (!accept || accept(o));

  for (const { category: rc, relation } of index.taxonomy.related(category)) {
    const bucket = index.offeringBuckets.get(rc);
    if (!bucket) continue;
    for (const o of bucket.anywhere) if (take(o)) c.add(o, relation, null);
    for (const o of bucket.unlimited) if (take(o)) c.add(o, relation, actorDistance(index, index.offeringActor[o]!, a));
    if (!located) continue;
    for (const band of bucket.bands) {
      // geokdbush measures on a slightly different sphere: search a hair wider, then judge by haversine.
      for (const p of around(band.tree, index.actorLon[a]!, index.actorLat[a]!, Infinity, band.maxKm * 1.001 + 0.01)) {
        const o = band.items[p]!;
        if (!take(o)) continue;
        const d = actorDistance(index, index.offeringActor[o]!, a)!;
        if (d <= index.reachKm[o]!) c.add(o, relation, d);
      }
    }
  }

  index.offeringText.score(needQuery(index, need), (o, relevance, matched, known) => {
    const at = c.position(o);
    if (at >= 0) c.text[at] = relevance;
    else if (isStrong(relevance, matched, known) && index.offeringAvailable[o] && take(o)) {
      if (categoryRelation(index.offerings[o]!.category, category) !== "unrelated") return;
      const d = reachFrom(index, o, a);
      if (d === undefined) return;
      c.add(o, "unrelated", d);
      c.text[c.items.length - 1] = relevance;
    }
  });

  index.introductions.from(a);
  return scoreAll(index, c, weights, limit, "need", need);
}

/** The best open needs for one available offering, scored; the introduction finder is left prepared from its actor. */
export function rankNeedsForOffering(
  index: MatchIndex,
  offering: number,
  weights: MatchWeights,
  limit: number,
  accept?: (need: number) => boolean,
): ScoredPair[] {
  if (!index.offeringAvailable[offering]) return [];
  const c = candidatesFor(index, "needs");
  try {
    return needsForOffering(index, c, offering, weights, limit, accept);
  } finally {
    c.release();
  }
}

function needsForOffering(
  index: MatchIndex,
  c: Candidates,
  offering: number,
  weights: MatchWeights,
  limit: number,
  accept?: (need: number) => boolean,
): ScoredPair[] {
  const b = index.offeringActor[offering]!;
  const category = index.offerings[offering]!.category;
  const mod = index.modality[offering]!;
  const reach = index.reachKm[offering]!;
  const take = (n: number) => index.needActor[n] !== b && (!accept || accept(n));

  for (const { category: rc, relation } of index.taxonomy.related(category)) {
    const bucket = index.needBuckets.get(rc);
    if (!bucket) continue;
    // Relations are reported as the offering's category relative to the need's.
    const rel = invertRelation(relation);
    if (mod !== IN_PERSON) {
      for (const n of bucket.all) if (take(n)) c.add(n, rel, null);
    } else if (Number.isNaN(reach)) {
      for (const n of bucket.all) if (take(n)) c.add(n, rel, actorDistance(index, b, index.needActor[n]!));
    } else if (!Number.isNaN(index.actorLat[b]!) && bucket.located) {
      const { tree, items } = bucket.located;
      for (const p of around(tree, index.actorLon[b]!, index.actorLat[b]!, Infinity, reach * 1.001 + 0.01)) {
        const n = items[p]!;
        if (!take(n)) continue;
        const d = actorDistance(index, b, index.needActor[n]!)!;
        if (d <= reach) c.add(n, rel, d);
      }
    }
  }

  index.needText.score(offeringQuery(index, offering), (n, relevance, matched, known) => {
    const at = c.position(n);
    if (at >= 0) c.text[at] = relevance;
    else if (isStrong(relevance, matched, known) && index.needOpen[n] && take(n)) {
      if (categoryRelation(category, index.needs[n]!.category) !== "unrelated") return;
      const d = reachFrom(index, offering, index.needActor[n]!);
      if (d === undefined) return;
      c.add(n, "unrelated", d);
      c.text[c.items.length - 1] = relevance;
    }
  });

  index.introductions.from(b);
  return scoreAll(index, c, weights, limit, "offering", offering);
}

function scoreAll(
  index: MatchIndex,
  c: Candidates,
  w: MatchWeights,
  limit: number,
  side: "need" | "offering",
  fixed: number,
): ScoredPair[] {
  const forNeed = side === "need";
  const pairOf = (i: number) => {
    const item = c.items[i]!;
    const need = forNeed ? fixed : item;
    const offering = forNeed ? item : fixed;
    return { need, offering, other: forNeed ? index.offeringActor[offering]! : index.needActor[need]! };
  };
  const partsOf = (i: number, hops: number): ScoreBreakdown => {
    const { need, offering } = pairOf(i);
    return {
      category: CATEGORY_FIT[c.relations[i]!],
      text: c.text[i]!,
      geography: geographyScore(index.modality[offering]!, index.reachKm[offering]!, c.distances[i]!),
      capacity: Math.min(1, index.remaining[offering]! / index.outstanding[need]!),
      network: NETWORK_SCORE_BY_HOPS[hops] ?? 0,
      equity: index.underServed[index.needActor[need]!]!,
    };
  };
  // Scores go into typed arrays; breakdown objects are built for the winners only, since a broad category can
  // hold thousands of candidates and allocating one object each costs more than scoring them.
  const count = c.items.length;
  const scores = new Float64Array(count);
  const hops = new Float64Array(count);
  const needFixed = forNeed ? fixed : -1;
  const offeringFixed = forNeed ? -1 : fixed;
  const fixedEquity = forNeed ? index.underServed[index.needActor[fixed]!]! : 0;
  const { offeringActor, needActor, modality, reachKm, remaining, outstanding, underServed, introductions } = index;
  for (let i = 0; i < count; i++) {
    const item = c.items[i]!;
    const need = forNeed ? needFixed : item;
    const offering = forNeed ? item : offeringFixed;
    const h = introductions.hops(forNeed ? offeringActor[offering]! : needActor[need]!);
    hops[i] = h;
    scores[i] =
      w.category * CATEGORY_FIT[c.relations[i]!] +
      w.text * c.text[i]! +
      w.geography * geographyScore(modality[offering]!, reachKm[offering]!, c.distances[i]!) +
      w.capacity * Math.min(1, remaining[offering]! / outstanding[need]!) +
      w.network * (NETWORK_SCORE_BY_HOPS[h] ?? 0) +
      w.equity * (forNeed ? fixedEquity : underServed[needActor[need]!]!);
  }
  const top = selectTop(
    count,
    limit,
    (i) => scores[i]!,
    (i) => c.items[i]!,
  );
  return top.map((i) => {
    const { need, offering } = pairOf(i);
    return {
      need,
      offering,
      relation: c.relations[i]!,
      distanceKm: c.distances[i]!,
      hops: hops[i]!,
      breakdown: partsOf(i, hops[i]!),
      score: scores[i]!,
    };
  });
}

// ---- Public queries -----------------------------------------------------------------------------------------

const round = (x: number, digits = 4) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

function roundParts(p: MatchWeights): MatchWeights {
  const out = {} as MatchWeights;
  for (const key of WEIGHT_KEYS) out[key] = round(p[key]);
  return out;
}

/** Turns a scored pair into the reported candidate; the introduction finder must still be prepared from the asker. */
function describe(
  index: MatchIndex,
  pair: ScoredPair,
  weights: MatchWeights,
  side: "need" | "offering",
): MatchCandidate {
  const need = index.needs[pair.need]!;
  const offering = index.offerings[pair.offering]!;
  const a = index.needActor[pair.need]!;
  const b = index.offeringActor[pair.offering]!;
  // The finder runs from whoever asked; paths are always reported from the needing actor.
  let path = index.introductions.path(side === "need" ? b : a, MAX_INTRODUCTION_HOPS);
  if (path && side === "offering") path = path.reverse();
  const introductionPath: IntroductionPath | null =
    path && path.length > 1
      ? { hops: path.length - 1, actors: path.map((i) => ({ id: index.csr.nodes[i]!, name: index.actorNames[i]! })) }
      : null;
  const reach = index.reachKm[pair.offering]!;
  const explain = {
    needActor: index.actorNames[a]!,
    offeringActor: index.actorNames[b]!,
    needTitle: need.title,
    offeringTitle: offering.title,
    relation: pair.relation,
    quantity: index.outstanding[pair.need]!,
    remaining: index.remaining[pair.offering]!,
    modality: offering.modality,
    reachKm: Number.isNaN(reach) ? null : reach,
    distanceKm: pair.distanceKm,
    path: introductionPath ? introductionPath.actors.map((x) => x.name) : null,
    underServed: index.underServed[a]!,
  };
  return {
    needId: need.id,
    offeringId: offering.id,
    needActorId: need.actorId,
    offeringActorId: offering.actorId,
    needTitle: need.title,
    offeringTitle: offering.title,
    needCategory: need.category,
    offeringCategory: offering.category,
    categoryRelation: pair.relation,
    score: round(pair.score),
    breakdown: roundParts(pair.breakdown),
    weights: roundParts(weights),
    modality: offering.modality,
    distanceKm: pair.distanceKm === null ? null : round(pair.distanceKm, 1),
    reachKm: explain.reachKm,
    remainingCapacity: explain.remaining,
    quantityNeeded: explain.quantity,
    priority: need.priority,
    introductionPath,
    explanation: side === "need" ? explainForNeed(explain) : explainForOffering(explain),
  };
}

/** Ranked offerings for a need; empty when the need is met or closed. Throws NotFoundError for an unknown id. */
export function matchesForNeed(index: MatchIndex, needId: string, options: MatchOptions = {}): MatchCandidate[] {
  const need = index.needIndex.get(needId);
  if (need === undefined) throw new NotFoundError("Need", needId);
  const weights = resolveWeights(options.weights);
  const ranked = rankOfferingsForNeed(index, need, weights, resolveLimit(options.limit));
  const out = ranked.map((pair) => describe(index, pair, weights, "need"));
  index.introductions.release();
  return out;
}

/** Ranked open needs for an offering; empty when it is exhausted, expired or fully committed. */
export function matchesForOffering(
  index: MatchIndex,
  offeringId: string,
  options: MatchOptions = {},
): MatchCandidate[] {
  const offering = index.offeringIndex.get(offeringId);
  if (offering === undefined) throw new NotFoundError("Offering", offeringId);
  const weights = resolveWeights(options.weights);
  const ranked = rankNeedsForOffering(index, offering, weights, resolveLimit(options.limit));
  const out = ranked.map((pair) => describe(index, pair, weights, "offering"));
  index.introductions.release();
  return out;
}
