// Which available offerings can serve a need, shared by every gap analysis. Matching is by category family (the
// same category, an ancestor or a descendant in the path taxonomy) and by reach, with great-circle distances
// (haversine) looked up through a latitude/longitude grid so that 100k needs against 100k offerings stays near-linear.
//
// Reach rule, the choice a user would expect from the data model:
// - remote and both offerings reach everyone;
// - an in-person offering reaches its own actor's needs, and everyone when it states no reachKm (and no
//   `defaultReachKm` is set), since "no limit" needs no distance;
// - otherwise it reaches when both actors have coordinates and their distance is at most reachKm;
// - when either actor lacks coordinates the distance cannot be judged, and the offering reaches only if both
//   actors name the same region (schema-valid actors carry a region only inside a located position, so in
//   practice a missing location means "not reaching", reported as such rather than guessed).
import { isOpenNeed, withinWindow } from "../domain/fit";
import { categoryLineage } from "../domain/taxonomy";
import { PointIndex } from "./geo";
import type { LatLon } from "./geo";
import type { EcosystemData, GapActor, GapNeed, GapOffering, GapOptions } from "./gaps-types";

/** Open and partially met needs count as demand and can be unmet. */
export function isOpen(need: GapNeed): boolean {
  return isOpenNeed(need.status);
}

/** The actor's position, or null when it has no usable coordinates. */
export function coordinates(actor: GapActor | undefined): LatLon | null {
  const loc = actor?.location;
  return loc && Number.isFinite(loc.lat) && Number.isFinite(loc.lon) ? loc : null;
}

/** The actor's region, or null when it names none. */
export function regionOf(actor: GapActor | undefined): string | null {
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

export interface NeedMatch {
  reached: boolean;
  candidates: number;
  /** Nearest distance to a suitable offering: 0 when a remote one exists; null when unknown or none. */
  nearestKm: number | null;
  outOfReach: number;
  unknownDistance: number;
  /** Reach of the nearest out-of-reach offering, for the reason text. */
  nearestReachKm: number | null;
}

/** Available offerings grouped by category and indexed by position, built once per analysis. */
export class Matcher {
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

/** Offerings that can serve now: available, and within their validity dates when `asOf` is given. */
export function availableOfferings(offerings: readonly GapOffering[], options: GapOptions): GapOffering[] {
  const asOf = options.asOf;
  return offerings.filter((o) => o.status === "available" && (!asOf || withinWindow(o, asOf)));
}
