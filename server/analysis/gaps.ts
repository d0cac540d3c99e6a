// Gap analysis over plain arrays: which needs no offering can meet, where demand outruns supply in the category
// taxonomy and across regions, and which actors are under-served. Matching is by category family (the same
// category, an ancestor or a descendant in the path taxonomy) and by reach, with great-circle distances (haversine)
// looked up through a latitude/longitude grid so that 100k needs against 100k offerings stays near-linear.
//
// Reach rule, the choice a user would expect from the data model:
// - remote and both offerings reach everyone;
// - an in-person offering reaches its own actor's needs, and everyone when it states no reachKm (and no
//   `defaultReachKm` is set), since "no limit" needs no distance;
// - otherwise it reaches when both actors have coordinates and their distance is at most reachKm;
// - when either actor lacks coordinates the distance cannot be judged, and the offering reaches only if both
//   actors name the same region (schema-valid actors carry a region only inside a located position, so in
//   practice a missing location means "not reaching", reported as such rather than guessed).
import type { ActorType, Priority, RelationshipType } from "../schemas/domain";
import type { Actor, Category, Need, Offering, Relationship } from "../schemas/domain";
import { PointIndex } from "./geo";
import type { LatLon } from "./geo";

export type GapActor = Pick<Actor, "id" | "name" | "type" | "location">;
export type GapNeed = Pick<Need, "id" | "actorId" | "category" | "title" | "quantity" | "priority" | "status">;
export type GapOffering = Pick<Offering, "id" | "actorId" | "category" | "title" | "capacity" | "modality" | "status"> &
  Partial<Pick<Offering, "reachKm" | "validFrom" | "validUntil">>;
export type GapRelationship = Pick<Relationship, "from" | "to" | "type">;
export type GapCategory = Pick<Category, "id" | "name">;

export interface EcosystemData {
  actors: readonly GapActor[];
  needs: readonly GapNeed[];
  offerings: readonly GapOffering[];
  relationships?: readonly GapRelationship[];
  /** Only used for readable names in reasons; matching works on category paths alone. */
  categories?: readonly GapCategory[];
}

/** How much an open need's quantity counts towards demand, by priority. */
export const PRIORITY_WEIGHTS: Readonly<Record<Priority, number>> = { low: 1, medium: 2, high: 3, critical: 4 };

/** How the four under-service components combine into one score (normalised by their sum). */
export const UNDERSERVED_WEIGHTS = { needs: 0.4, support: 0.2, distance: 0.2, network: 0.2 } as const;

export const GAP_DEFAULTS = {
  receivingTypes: ["school"] as readonly ActorType[],
  supportTypes: ["funds", "mentors", "supplies", "partners_with"] as readonly RelationshipType[],
  /** Distance at which the distance component saturates at 1. */
  distanceScaleKm: 50,
  /** Priority-weighted unmet needs at which the needs component reaches 0.5 (one critical need). */
  needsHalfSaturation: 4,
} as const;

export interface GapOptions {
  /** ISO date: offerings outside validFrom..validUntil are left out. Dates are ignored when absent. */
  asOf?: string;
  /** Reach assumed for in-person offerings that state none; unlimited when absent. */
  defaultReachKm?: number;
}

export interface UnderServedOptions extends GapOptions {
  receivingTypes?: readonly ActorType[];
  /** Ties that count as support received: directed ones when the actor is the target, mutual ones either way. */
  supportTypes?: readonly RelationshipType[];
  distanceScaleKm?: number;
  weights?: Partial<Record<keyof typeof UNDERSERVED_WEIGHTS, number>>;
  limit?: number;
}

export type UnmetReason = "no_offering" | "out_of_reach" | "location_unknown";

export interface UnmetNeed {
  needId: string;
  actorId: string;
  category: string;
  title: string;
  priority: Priority;
  status: GapNeed["status"];
  quantity: number;
  code: UnmetReason;
  reason: string;
  /** Available offerings in the category family (none of which reaches). */
  candidates: number;
  /** Distance to the nearest of them with a known position, if any. */
  nearestKm: number | null;
}

export interface SupplyDemandEntry {
  demand: number;
  supply: number;
  /** supply / demand; null when there is no demand. */
  ratio: number | null;
  /** max(0, demand - supply). */
  shortfall: number;
  needs: number;
  offerings: number;
}

export interface CategorySupplyDemand extends SupplyDemandEntry {
  category: string;
  name: string;
  parent: string | null;
}

export interface RegionSupplyDemand extends SupplyDemandEntry {
  /** null groups actors without a region. */
  region: string | null;
}

export interface SupplyDemandResult {
  /** Rolled up the taxonomy; largest shortfall first. */
  byCategory: CategorySupplyDemand[];
  byRegion: RegionSupplyDemand[];
}

export interface UnderServedActor {
  actorId: string;
  name: string;
  type: ActorType;
  region: string | null;
  /** In [0, 1]; higher is more under-served. */
  score: number;
  components: Record<keyof typeof UNDERSERVED_WEIGHTS, number>;
  openNeeds: number;
  unmetNeeds: number;
  supportTies: number;
  degree: number;
  reasons: string[];
}

export interface GapAnalysis {
  unmetNeeds: UnmetNeed[];
  supplyDemand: SupplyDemandResult;
  underServed: UnderServedActor[];
}

// ---- Shared matching machinery ------------------------------------------------------------------------------------

const OPEN_NEED_STATUSES = new Set<GapNeed["status"]>(["open", "partially_met"]);

function isOpen(need: GapNeed): boolean {
  return OPEN_NEED_STATUSES.has(need.status);
}

/** The path itself and every ancestor: `a/b/c` -> `a/b/c`, `a/b`, `a`. */
export function categoryLineage(path: string): string[] {
  const out = [path];
  for (let i = path.lastIndexOf("/"); i > 0; i = path.lastIndexOf("/", i - 1)) out.push(path.slice(0, i));
  return out;
}

function coordinates(actor: GapActor | undefined): LatLon | null {
  const loc = actor?.location;
  return loc && Number.isFinite(loc.lat) && Number.isFinite(loc.lon) ? loc : null;
}

function regionOf(actor: GapActor | undefined): string | null {
  return actor?.location?.region || null;
}

interface OfferingRef {
  offering: GapOffering;
  actor: GapActor | undefined;
  /** Infinity when the offering states no reach (and no default applies). */
  reachKm: number;
}

/** Available offerings of one exact category, split by how they can reach a need. */
interface Bucket {
  /** Remote or both: reach every need. */
  remote: number;
  /** In-person with unlimited reach. */
  unlimited: number;
  /** In-person with a finite reach and a located actor, indexed for radius queries and as a plain list. */
  located: PointIndex<OfferingRef>;
  locatedRefs: OfferingRef[];
  maxReachKm: number;
  /** In-person with a finite reach and no coordinates: judged by region only. */
  unlocated: OfferingRef[];
  /** Actors holding an in-person offering here: their own needs are always reached. */
  holders: Set<string>;
  /** Every in-person offering here with a located actor, for nearest-distance questions. */
  anywhere: PointIndex<OfferingRef>;
  count: number;
}

interface NeedMatch {
  reached: boolean;
  candidates: number;
  /** Nearest distance to a suitable offering: 0 when a remote one exists; null when unknown or none. */
  nearestKm: number | null;
  outOfReach: number;
  unknownDistance: number;
  /** Reach of the nearest out-of-reach offering, for the reason text. */
  nearestReachKm: number | null;
}

class Matcher {
  readonly actors = new Map<string, GapActor>();
  private readonly buckets = new Map<string, Bucket>();
  /** Category -> strict descendant categories that hold offerings. */
  private readonly descendants = new Map<string, string[]>();
  private readonly names = new Map<string, string>();

  constructor(data: EcosystemData, options: GapOptions) {
    for (const actor of data.actors) this.actors.set(actor.id, actor);
    for (const category of data.categories ?? []) this.names.set(category.id, category.name);
    const grouped = new Map<string, OfferingRef[]>();
    for (const offering of availableOfferings(data.offerings, options)) {
      const ref: OfferingRef = {
        offering,
        actor: this.actors.get(offering.actorId),
        reachKm: offering.reachKm ?? options.defaultReachKm ?? Infinity,
      };
      const list = grouped.get(offering.category);
      if (list) list.push(ref);
      else grouped.set(offering.category, [ref]);
    }
    for (const [category, refs] of grouped) {
      const inPerson = refs.filter((r) => r.offering.modality === "in_person");
      const finite = inPerson.filter((r) => Number.isFinite(r.reachKm));
      const located = finite.filter((r) => coordinates(r.actor));
      this.buckets.set(category, {
        remote: refs.length - inPerson.length,
        unlimited: inPerson.length - finite.length,
        located: new PointIndex(located, (r) => coordinates(r.actor)!),
        locatedRefs: located,
        maxReachKm: located.reduce((m, r) => Math.max(m, r.reachKm), 0),
        unlocated: finite.filter((r) => !coordinates(r.actor)),
        holders: new Set(inPerson.map((r) => r.offering.actorId)),
        anywhere: new PointIndex(
          inPerson.filter((r) => coordinates(r.actor)),
          (r) => coordinates(r.actor)!,
        ),
        count: refs.length,
      });
      for (const ancestor of categoryLineage(category).slice(1)) {
        const list = this.descendants.get(ancestor);
        if (list) list.push(category);
        else this.descendants.set(ancestor, [category]);
      }
    }
  }

  label(category: string): string {
    return this.names.get(category) ?? category;
  }

  /** Buckets whose offerings can serve a need in `category`: itself, its ancestors and its descendants. */
  private family(category: string): Bucket[] {
    const out: Bucket[] = [];
    for (const c of [...categoryLineage(category), ...(this.descendants.get(category) ?? [])]) {
      const bucket = this.buckets.get(c);
      if (bucket) out.push(bucket);
    }
    return out;
  }

  /** Whether anything reaches the need; the nearest distance is looked up only when asked or when unmet. */
  match(need: GapNeed, withNearest: boolean): NeedMatch {
    const actor = this.actors.get(need.actorId);
    const at = coordinates(actor);
    const region = regionOf(actor);
    const family = this.family(need.category);
    const result: NeedMatch = {
      reached: false,
      candidates: 0,
      nearestKm: null,
      outOfReach: 0,
      unknownDistance: 0,
      nearestReachKm: null,
    };
    for (const bucket of family) {
      result.candidates += bucket.count;
      if (bucket.remote > 0 || bucket.unlimited > 0 || bucket.holders.has(need.actorId)) result.reached = true;
      if (bucket.remote > 0) result.nearestKm = 0;
    }
    for (const bucket of family) {
      if (at) {
        if (!result.reached && bucket.maxReachKm > 0) {
          result.reached = bucket.located.someWithin(at, bucket.maxReachKm, (ref, d) => d <= ref.reachKm);
        }
      } else {
        for (const ref of bucket.locatedRefs) {
          if (region && regionOf(ref.actor) === region) result.reached = true;
          else result.unknownDistance++;
        }
      }
      for (const ref of bucket.unlocated) {
        if (region && regionOf(ref.actor) === region) result.reached = true;
        else result.unknownDistance++;
      }
    }
    if (!result.reached && at) {
      // Located in-person offerings with finite reach that were judged and found too far.
      for (const bucket of family) result.outOfReach += bucket.located.size;
    }
    if (at && result.nearestKm !== 0 && (withNearest || !result.reached)) {
      for (const bucket of family) {
        const nearest = bucket.anywhere.nearest(at);
        if (nearest && (result.nearestKm === null || nearest.distanceKm < result.nearestKm)) {
          result.nearestKm = nearest.distanceKm;
          result.nearestReachKm = nearest.item.reachKm;
        }
      }
    }
    return result;
  }
}

function availableOfferings(offerings: readonly GapOffering[], options: GapOptions): GapOffering[] {
  const asOf = options.asOf;
  return offerings.filter(
    (o) =>
      o.status === "available" &&
      (!asOf || ((!o.validFrom || o.validFrom <= asOf) && (!o.validUntil || o.validUntil >= asOf))),
  );
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

function km(distance: number): string {
  return distance < 10 ? `${distance.toFixed(1)} km` : `${Math.round(distance)} km`;
}

function unmetReason(matcher: Matcher, need: GapNeed, match: NeedMatch): { code: UnmetReason; reason: string } {
  const label = matcher.label(need.category);
  if (match.candidates === 0) {
    return { code: "no_offering", reason: `no available offering in ${label} or a related category` };
  }
  if (match.outOfReach > 0) {
    const where =
      match.nearestKm !== null ? ` (nearest ${km(match.nearestKm)} away, reach ${km(match.nearestReachKm ?? 0)})` : "";
    const unknown = match.unknownDistance > 0 ? `; ${match.unknownDistance} more with unknown location` : "";
    const which =
      match.outOfReach === 1
        ? `the only in-person ${label} offering is out of reach`
        : `none of ${match.outOfReach} in-person ${label} offerings is within reach`;
    return { code: "out_of_reach", reason: `${which}${where}${unknown}` };
  }
  const who = coordinates(matcher.actors.get(need.actorId)) ? "the offering actors have" : "this actor has";
  return {
    code: "location_unknown",
    reason: `${plural(match.candidates, "in-person offering")} in ${label} but ${who} no location, so reach cannot be judged`,
  };
}

// ---- Unmet needs --------------------------------------------------------------------------------------------------

function unmetWith(
  matcher: Matcher,
  needs: readonly GapNeed[],
  withNearest: (need: GapNeed) => boolean = () => false,
): { unmet: UnmetNeed[]; matches: Map<string, NeedMatch> } {
  const unmet: UnmetNeed[] = [];
  const matches = new Map<string, NeedMatch>();
  for (const need of needs) {
    if (!isOpen(need)) continue;
    const match = matcher.match(need, withNearest(need));
    matches.set(need.id, match);
    if (match.reached) continue;
    unmet.push({
      needId: need.id,
      actorId: need.actorId,
      category: need.category,
      title: need.title,
      priority: need.priority,
      status: need.status,
      quantity: need.quantity,
      ...unmetReason(matcher, need, match),
      candidates: match.candidates,
      nearestKm: match.nearestKm,
    });
  }
  unmet.sort(
    (a, b) =>
      PRIORITY_WEIGHTS[b.priority] - PRIORITY_WEIGHTS[a.priority] ||
      b.quantity - a.quantity ||
      (a.needId < b.needId ? -1 : 1),
  );
  return { unmet, matches };
}

/** Open and partially met needs that no available offering reaches, highest priority first, each with a reason. */
export function findUnmetNeeds(data: EcosystemData, options: GapOptions = {}): UnmetNeed[] {
  return unmetWith(new Matcher(data, options), data.needs).unmet;
}

// ---- Supply and demand --------------------------------------------------------------------------------------------

interface Tally {
  demand: number;
  supply: number;
  needs: number;
  offerings: number;
}

function entry(t: Tally): SupplyDemandEntry {
  return {
    demand: t.demand,
    supply: t.supply,
    ratio: t.demand > 0 ? t.supply / t.demand : null,
    shortfall: Math.max(0, t.demand - t.supply),
    needs: t.needs,
    offerings: t.offerings,
  };
}

function tally<K>(map: Map<K, Tally>, key: K): Tally {
  let t = map.get(key);
  if (!t) map.set(key, (t = { demand: 0, supply: 0, needs: 0, offerings: 0 }));
  return t;
}

function byShortfall<T extends SupplyDemandEntry>(key: (e: T) => string): (a: T, b: T) => number {
  return (a, b) => b.shortfall - a.shortfall || b.demand - a.demand || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
}

/**
 * Demand (open and partially met quantity x priority weight) against supply (available capacity), per category
 * rolled up the taxonomy and per region of the actor holding the need or offering. Quantities of different units
 * are added as they come: the figures rank gaps, they do not price them.
 */
export function supplyAndDemand(data: EcosystemData, options: GapOptions = {}): SupplyDemandResult {
  const actors = new Map(data.actors.map((a) => [a.id, a]));
  const names = new Map((data.categories ?? []).map((c) => [c.id, c.name]));
  const categories = new Map<string, Tally>();
  const regions = new Map<string | null, Tally>();
  for (const need of data.needs) {
    if (!isOpen(need)) continue;
    const demand = need.quantity * PRIORITY_WEIGHTS[need.priority];
    for (const c of categoryLineage(need.category)) {
      const t = tally(categories, c);
      t.demand += demand;
      t.needs++;
    }
    const t = tally(regions, regionOf(actors.get(need.actorId)));
    t.demand += demand;
    t.needs++;
  }
  for (const offering of availableOfferings(data.offerings, options)) {
    for (const c of categoryLineage(offering.category)) {
      const t = tally(categories, c);
      t.supply += offering.capacity;
      t.offerings++;
    }
    const t = tally(regions, regionOf(actors.get(offering.actorId)));
    t.supply += offering.capacity;
    t.offerings++;
  }
  const byCategory = [...categories].map(([category, t]) => {
    const slash = category.lastIndexOf("/");
    return {
      category,
      name: names.get(category) ?? category,
      parent: slash > 0 ? category.slice(0, slash) : null,
      ...entry(t),
    };
  });
  const byRegion = [...regions].map(([region, t]) => ({ region, ...entry(t) }));
  byCategory.sort(byShortfall((e) => e.category));
  byRegion.sort(byShortfall((e) => e.region ?? ""));
  return { byCategory, byRegion };
}

// ---- Under-served actors ------------------------------------------------------------------------------------------

const PRIORITY_ORDER: readonly Priority[] = ["critical", "high", "medium", "low"];

function describeUnmet(unmet: readonly UnmetNeed[]): string {
  const counts = PRIORITY_ORDER.map((p) => [p, unmet.filter((u) => u.priority === p).length] as const).filter(
    ([, c]) => c > 0,
  );
  const parts = counts.map(([p, c]) => `${c} ${p}`);
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}` : parts[0];
  return `${list} ${unmet.length === 1 ? "need" : "needs"} unmet`;
}

function underServedWith(
  data: EcosystemData,
  matcher: Matcher,
  unmet: readonly UnmetNeed[],
  matches: Map<string, NeedMatch>,
  options: UnderServedOptions,
): UnderServedActor[] {
  const receiving = new Set(options.receivingTypes ?? GAP_DEFAULTS.receivingTypes);
  const supportTypes = new Set(options.supportTypes ?? GAP_DEFAULTS.supportTypes);
  const scale = options.distanceScaleKm ?? GAP_DEFAULTS.distanceScaleKm;
  const weights = { ...UNDERSERVED_WEIGHTS, ...options.weights };
  const weightSum = weights.needs + weights.support + weights.distance + weights.network;
  if (!(weightSum > 0)) throw new Error("gaps: under-served weights must have a positive sum");

  const support = new Map<string, { ties: number; funding: number }>();
  const neighbours = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    let set = neighbours.get(a);
    if (!set) neighbours.set(a, (set = new Set()));
    set.add(b);
  };
  const scored = new Set(data.actors.filter((a) => receiving.has(a.type)).map((a) => a.id));
  for (const rel of data.relationships ?? []) {
    if (rel.from === rel.to) continue;
    // Neighbour sets only for the actors being scored: building them for everyone dominates on large maps.
    if (scored.has(rel.from)) link(rel.from, rel.to);
    if (scored.has(rel.to)) link(rel.to, rel.from);
    if (!supportTypes.has(rel.type)) continue;
    const receivers = rel.type === "partners_with" ? [rel.from, rel.to] : [rel.to];
    for (const r of receivers) {
      const s = support.get(r) ?? { ties: 0, funding: 0 };
      s.ties++;
      if (rel.type === "funds") s.funding++;
      support.set(r, s);
    }
  }
  const needsByActor = new Map<string, GapNeed[]>();
  for (const need of data.needs) {
    if (!isOpen(need)) continue;
    const list = needsByActor.get(need.actorId);
    if (list) list.push(need);
    else needsByActor.set(need.actorId, [need]);
  }
  const unmetByActor = new Map<string, UnmetNeed[]>();
  for (const u of unmet) {
    const list = unmetByActor.get(u.actorId);
    if (list) list.push(u);
    else unmetByActor.set(u.actorId, [u]);
  }

  const out: UnderServedActor[] = [];
  for (const actor of data.actors) {
    if (!receiving.has(actor.type)) continue;
    const open = needsByActor.get(actor.id) ?? [];
    const missing = unmetByActor.get(actor.id) ?? [];
    const ties = support.get(actor.id) ?? { ties: 0, funding: 0 };
    const degree = neighbours.get(actor.id)?.size ?? 0;
    const reasons: string[] = [];

    const unmetWeight = missing.reduce((s, u) => s + PRIORITY_WEIGHTS[u.priority], 0);
    const needsComponent = unmetWeight / (unmetWeight + GAP_DEFAULTS.needsHalfSaturation);
    if (missing.length > 0) reasons.push(describeUnmet(missing));
    else if (open.length === 1) reasons.push("its open need is within reach of an offering");
    else if (open.length > 1) reasons.push(`all ${open.length} open needs are within reach of an offering`);
    else reasons.push("no open needs");

    const supportComponent = 1 / (1 + ties.ties);
    if (ties.ties === 0) reasons.push("no support ties");
    else if (ties.funding === 0) reasons.push("no funding ties");

    // Distance: per open need, nearest suitable offering over the scale (remote offerings count as 0 km,
    // needs with no offering or no known distance as the full scale); the mean over needs.
    let distanceSum = 0;
    let farthest: { km: number; category: string } | null = null;
    const nowhere = new Set<string>();
    for (const need of open) {
      const match = matches.get(need.id)!;
      if (match.nearestKm === null) {
        distanceSum += 1;
        if (match.candidates === 0) nowhere.add(need.category);
        continue;
      }
      distanceSum += Math.min(1, match.nearestKm / scale);
      if (match.nearestKm > 0 && (!farthest || match.nearestKm > farthest.km)) {
        farthest = { km: match.nearestKm, category: need.category };
      }
    }
    const distanceComponent = open.length > 0 ? distanceSum / open.length : 0;
    if (open.length > 0 && !coordinates(actor)) reasons.push("no known location, so distances cannot be judged");
    // Short distances are not worth a reason; a fifth of the scale is where the component starts to tell.
    if (farthest && farthest.km >= 0.2 * scale) {
      reasons.push(`nearest ${matcher.label(farthest.category)} offering ${km(farthest.km)} away`);
    }
    for (const category of nowhere) reasons.push(`no ${matcher.label(category)} offering anywhere`);

    const networkComponent = 1 / (1 + degree);
    if (degree === 0) reasons.push("isolated: no ties to other actors");
    else if (degree === 1) reasons.push("only 1 tie in the network");

    const components = {
      needs: needsComponent,
      support: supportComponent,
      distance: distanceComponent,
      network: networkComponent,
    };
    const score =
      (weights.needs * needsComponent +
        weights.support * supportComponent +
        weights.distance * distanceComponent +
        weights.network * networkComponent) /
      weightSum;
    out.push({
      actorId: actor.id,
      name: actor.name,
      type: actor.type,
      region: regionOf(actor),
      score,
      components,
      openNeeds: open.length,
      unmetNeeds: missing.length,
      supportTies: ties.ties,
      degree,
      reasons,
    });
  }
  out.sort((a, b) => b.score - a.score || (a.actorId < b.actorId ? -1 : 1));
  return options.limit !== undefined ? out.slice(0, options.limit) : out;
}

/** Needs whose nearest offering distance the under-served score will ask for. */
function receivingNeeds(matcher: Matcher, options: UnderServedOptions): (need: GapNeed) => boolean {
  const receiving = new Set(options.receivingTypes ?? GAP_DEFAULTS.receivingTypes);
  return (need) => {
    const type = matcher.actors.get(need.actorId)?.type;
    return type !== undefined && receiving.has(type);
  };
}

/**
 * Actors of the receiving types scored in [0, 1] from unmet needs (priority-weighted, saturating), support ties
 * received, distance to the nearest suitable offering per need, and network isolation; most under-served first.
 */
export function findUnderServedActors(data: EcosystemData, options: UnderServedOptions = {}): UnderServedActor[] {
  const matcher = new Matcher(data, options);
  const { unmet, matches } = unmetWith(matcher, data.needs, receivingNeeds(matcher, options));
  return underServedWith(data, matcher, unmet, matches, options);
}

/** All three analyses with one matching pass. */
export function analyzeGaps(data: EcosystemData, options: UnderServedOptions = {}): GapAnalysis {
  const matcher = new Matcher(data, options);
  const { unmet, matches } = unmetWith(matcher, data.needs, receivingNeeds(matcher, options));
  return {
    unmetNeeds: unmet,
    supplyDemand: supplyAndDemand(data, options),
    underServed: underServedWith(data, matcher, unmet, matches, options),
  };
}
