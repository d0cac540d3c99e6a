// Which available offerings can serve each open need, shared by every gap analysis. The fit rule
// (server/domain/fit.ts, assessFit) decides every pair; this file only finds the pairs worth asking about, so that
// 100k needs against 100k offerings stays near-linear:
// - offerings are grouped by exact category and unit ("buckets"); the fit rule is asked once per need and bucket
//   whether the category relation, the unit and the need's status allow a fit at all;
// - offerings that reach everyone by the fit rule (remote, "both", or in person with no stated reach) are pooled per
//   bucket into one supply node, so a need meets a pool once instead of each of its offerings;
// - in-person offerings with a reach are looked up through the server's one spatial index (spatial-index.ts,
//   k-d tree searched by great-circle distance) up to the longest reach in the bucket, and each hit is put to
//   assessFit with its distance. Without coordinates on either side the fit rule judges by region, so those
//   offerings are looked up by region.
// An actor's own offerings never serve its own needs, as in matching and the allocation (a need says what the actor
// lacks from others). A pool that holds only the need's actor's offerings is left out for it; a pool that also holds
// others' offerings is shared whole, so the actor's own pooled capacity may count towards its coverage there.
// Pairs never put to the fit rule are ones it refuses for reach: farther than any reach, or unknown distance
// with no shared region. Availability (status, validFrom, validUntil) does not depend on the need, so offerings
// are filtered once with the fit rule's own offeringAvailableOn.
import { assessFit, offeringAvailableOn } from "../domain/fit";
import type { FitNeed, FitOffering } from "../domain/fit";
import { Taxonomy } from "../domain/taxonomy";
import type { CategoryRelation } from "../domain/taxonomy";
import type { LatLon } from "./geo";
import type { EcosystemData, GapActor, GapNeed, GapOffering, GapOptions } from "./gaps-types";
import { geoTree, nearestPoint, pointsWithin } from "./spatial-index";
import type { GeoTree } from "./spatial-index";

/** The actor's position, or null when it has no usable coordinates. */
export function coordinates(actor: GapActor | undefined): LatLon | null {
  const loc = actor?.location;
  return loc && Number.isFinite(loc.lat) && Number.isFinite(loc.lon) ? (loc as LatLon) : null;
}

/** The actor's region, or null when it names none. */
export function regionOf(actor: GapActor | undefined): string | null {
  return actor?.location?.region || null;
}

/** What an offering still has to give: capacity less what commitments already hold. */
export function remainingOf(offering: GapOffering): number {
  return Math.max(0, offering.capacity - (offering.committed ?? 0));
}

/** What a need still asks for: the caller's figure, else its quantity less what commitments already cover. */
export function outstandingOf(need: GapNeed, options: GapOptions): number {
  return Math.max(0, options.outstanding?.get(need.id) ?? need.quantity - (need.covered ?? 0));
}

/** The analysis day: the given one, or today. */
export function analysisDate(options: GapOptions): string {
  return options.asOf ?? new Date().toISOString().slice(0, 10);
}

/** Offerings that are supply on the day by the fit rule, with capacity left. */
export function supplyOfferings(offerings: readonly GapOffering[], date: string): GapOffering[] {
  return offerings.filter((o) => offeringAvailableOn(o, date) === null && remainingOf(o) > 0);
}

function fitOffering(o: GapOffering): FitOffering {
  return {
    category: o.category,
    unit: o.unit,
    status: o.status,
    modality: o.modality,
    reachKm: o.reachKm,
    validFrom: o.validFrom,
    validUntil: o.validUntil,
  };
}

/** Offerings of one category and unit. */
interface Bucket {
  category: string;
  unit: string;
  /** Stands for the bucket when asking the fit rule about category, unit and need status alone. */
  probe: FitOffering;
  /** Supply node pooling every offering that reaches everyone, or -1. */
  pool: number;
  /** Supply nodes of in-person offerings with a stated reach. */
  finite: number[];
  /** Those whose actor has coordinates, by position; maxKm is their longest reach. */
  tree: GeoTree | null;
  locatedCount: number;
  /** Those whose actor has no coordinates but names a region, by region. */
  unlocatedByRegion: Map<string, number[]>;
  /** Every finite one whose actor names a region, for needs whose actor has no coordinates. */
  byRegion: Map<string, number[]>;
  /** Pooled offerings per holder: a need skips a pool made only of its own actor's offerings. */
  pooledByHolder: Map<string, number>;
  /** Offerings per holder, pooled or not: none of them is a candidate for the holder's own needs. */
  countByHolder: Map<string, number>;
  /** Offerings in the bucket. */
  count: number;
}

interface Family {
  fitting: Array<{ bucket: Bucket; relation: CategoryRelation }>;
  /** Offerings in a fitting category but another unit. */
  otherUnit: number;
}

export interface NeedReach {
  /** Supply nodes that fit the need and reach it. */
  nodes: number[];
  /** Offerings that fit the need in all but reach. */
  candidates: number;
  /** In-person offerings judged too far. */
  outOfReach: number;
  /** In-person offerings whose distance cannot be judged (no coordinates, no shared region). */
  unknownDistance: number;
  /** Offerings of a fitting category but another unit: a near miss worth naming. */
  otherUnit: number;
  /** Nearest fitting offering, reach aside: 0 when one reaches everyone; null when unknown or none, or not asked. */
  nearestKm: number | null;
  /** Reach of that nearest offering, for the reason text. */
  nearestReachKm: number | null;
}

/**
 * Supply nodes and how they reach needs. A node is one in-person offering with a stated reach, or a pool of a
 * bucket's offerings that reach everyone; `remaining` holds each node's capacity left.
 */
export class Reach {
  readonly actors = new Map<string, GapActor>();
  readonly remaining: number[] = [];
  /** The node's offering, or -1 for a pool. */
  readonly offeringOf: number[] = [];
  /** Offerings per node: 1, or the pool's size. */
  readonly size: number[] = [];
  private readonly located: boolean[] = [];
  /** The region and id of the node's offering actor (none for a pool). */
  private readonly region: Array<string | null> = [];
  private readonly holderId: string[] = [];
  private readonly nodeAt = (n: number) => this.position[n]!;
  private readonly position: LatLon[] = [];
  private readonly buckets = new Map<string, Bucket[]>();
  private readonly names = new Map<string, string>();
  private readonly taxonomy: Taxonomy;
  private readonly families = new Map<string, Family>();
  /** Each supply offering as the fit rule reads it, built once. */
  private readonly fitOfferings: FitOffering[];

  constructor(
    data: EcosystemData,
    readonly supply: readonly GapOffering[],
    readonly date: string,
  ) {
    for (const actor of data.actors) this.actors.set(actor.id, actor);
    for (const category of data.categories ?? []) this.names.set(category.id, category.name);
    this.fitOfferings = supply.map(fitOffering);
    this.taxonomy = new Taxonomy([...data.needs.map((n) => n.category), ...supply.map((o) => o.category)]);
    const grouped = new Map<string, number[]>();
    supply.forEach((o, i) => {
      const key = `${o.category}\u0000${o.unit}`;
      const list = grouped.get(key);
      if (list) list.push(i);
      else grouped.set(key, [i]);
    });
    for (const members of grouped.values()) {
      const first = supply[members[0]!]!;
      const bucket: Bucket = {
        category: first.category,
        unit: first.unit,
        probe: { category: first.category, unit: first.unit, status: "available", modality: "remote" },
        pool: -1,
        finite: [],
        tree: null,
        locatedCount: 0,
        unlocatedByRegion: new Map(),
        byRegion: new Map(),
        pooledByHolder: new Map(),
        countByHolder: new Map(),
        count: members.length,
      };
      let pooled = 0;
      let pooledSize = 0;
      const treeNodes: number[] = [];
      let maxKm = 0;
      for (const i of members) {
        const o = supply[i]!;
        bucket.countByHolder.set(o.actorId, (bucket.countByHolder.get(o.actorId) ?? 0) + 1);
        if (o.modality !== "in_person" || o.reachKm == null) {
          pooled += remainingOf(o);
          pooledSize++;
          bucket.pooledByHolder.set(o.actorId, (bucket.pooledByHolder.get(o.actorId) ?? 0) + 1);
          continue;
        }
        const node = this.addNode(i, remainingOf(o), 1);
        const holder = this.actors.get(o.actorId);
        const at = coordinates(holder);
        const region = regionOf(holder);
        bucket.finite.push(node);
        if (region) push(bucket.byRegion, region, node);
        if (at) {
          this.located[node] = true;
          this.position[node] = at;
          treeNodes.push(node);
          maxKm = Math.max(maxKm, o.reachKm);
        } else if (region) push(bucket.unlocatedByRegion, region, node);
      }
      if (pooledSize > 0) bucket.pool = this.addNode(-1, pooled, pooledSize);
      bucket.locatedCount = treeNodes.length;
      if (treeNodes.length > 0) {
        const at = (n: number) => this.position[n]!;
        bucket.tree = geoTree(
          treeNodes,
          (n) => at(n).lat,
          (n) => at(n).lon,
          maxKm,
        );
      }
      const list = this.buckets.get(bucket.category);
      if (list) list.push(bucket);
      else this.buckets.set(bucket.category, [bucket]);
    }
  }

  private addNode(offering: number, remaining: number, size: number): number {
    this.offeringOf.push(offering);
    this.remaining.push(remaining);
    this.size.push(size);
    this.located.push(false);
    this.region.push(offering >= 0 ? regionOf(this.actors.get(this.supply[offering]!.actorId)) : null);
    this.holderId.push(offering >= 0 ? this.supply[offering]!.actorId : "");
    this.position.push({ lat: 0, lon: 0 });
    return this.remaining.length - 1;
  }

  label(category: string): string {
    return this.names.get(category) ?? category;
  }

  /** The supply nodes that can serve `need` by the fit rule, with what a reason needs to say why not. */
  reach(need: GapNeed, withNearest: boolean): NeedReach {
    const actor = this.actors.get(need.actorId);
    const at = coordinates(actor);
    const region = regionOf(actor);
    const fitNeed: FitNeed = { category: need.category, unit: need.unit, status: need.status };
    const out: NeedReach = {
      nodes: [],
      candidates: 0,
      outOfReach: 0,
      unknownDistance: 0,
      otherUnit: 0,
      nearestKm: null,
      nearestReachKm: null,
    };
    const nodeAt = this.nodeAt;
    const family = this.family(fitNeed);
    out.otherUnit = family.otherUnit;
    for (const { bucket, relation } of family.fitting) {
      out.candidates += bucket.count - (bucket.countByHolder.get(need.actorId) ?? 0);
      if (bucket.pool >= 0 && this.size[bucket.pool]! > (bucket.pooledByHolder.get(need.actorId) ?? 0)) {
        out.nodes.push(bucket.pool);
        if (withNearest) out.nearestKm = 0;
      }
      let fittedLocated = 0;
      let fittedUnlocated = 0;
      // One context per bucket, refilled per pair: the fit rule reads it and keeps nothing (a million pairs at 100k).
      const context = { date: this.date, relation, distanceKm: null as number | null, sameRegion: false };
      const fits = (node: number, distanceKm: number | null, sameRegion: boolean) => {
        context.distanceKm = distanceKm;
        context.sameRegion = sameRegion;
        if (!assessFit(fitNeed, this.fitOfferings[this.offeringOf[node]!]!, context).fits) return;
        out.nodes.push(node);
        if (this.located[node]) fittedLocated++;
        else fittedUnlocated++;
      };
      const others = (n: number) => this.holderId[n] !== need.actorId;
      // The nearest of the bucket's points, reach aside: the closest hit of the radius search when there is one.
      let nearestNode = -1;
      let nearestKm = Infinity;
      if (at) {
        if (bucket.tree) {
          pointsWithin(
            bucket.tree,
            at,
            bucket.tree.maxKm,
            nodeAt,
            (node, d) => {
              if (d < nearestKm) {
                nearestKm = d;
                nearestNode = node;
              }
              if (others(node)) fits(node, d, region !== null && this.region[node] === region);
            },
            false,
          );
        }
        for (const node of region ? (bucket.unlocatedByRegion.get(region) ?? []) : []) {
          if (others(node)) fits(node, null, true);
        }
        out.outOfReach += bucket.locatedCount - fittedLocated;
        out.unknownDistance += bucket.finite.length - bucket.locatedCount - fittedUnlocated;
      } else {
        for (const node of region ? (bucket.byRegion.get(region) ?? []) : []) {
          if (others(node)) fits(node, null, true);
        }
        out.unknownDistance += bucket.finite.length - fittedLocated - fittedUnlocated;
      }
      if (withNearest && at && bucket.tree && out.nearestKm !== 0) {
        if (nearestNode < 0) {
          const nearest = nearestPoint(bucket.tree, at, nodeAt);
          if (nearest) [nearestNode, nearestKm] = [nearest.item, nearest.distanceKm];
        }
        if (nearestNode >= 0 && (out.nearestKm === null || nearestKm < out.nearestKm)) {
          out.nearestKm = nearestKm;
          out.nearestReachKm = this.supply[this.offeringOf[nearestNode]!]!.reachKm ?? null;
        }
      }
    }
    return out;
  }

  /**
   * The buckets whose category, unit and the need's status let them serve a need like this one, by the fit rule
   * asked once per bucket with a stand-in offering that reaches everyone; remembered per category, unit and status.
   */
  private family(need: FitNeed): Family {
    const key = `${need.category}\u0000${need.unit}\u0000${need.status}`;
    const cached = this.families.get(key);
    if (cached) return cached;
    const family: Family = { fitting: [], otherUnit: 0 };
    for (const { category, relation } of this.taxonomy.related(need.category)) {
      for (const bucket of this.buckets.get(category) ?? []) {
        const verdict = assessFit(need, bucket.probe, { date: this.date, relation, distanceKm: 0, sameRegion: true });
        if (verdict.fits) family.fitting.push({ bucket, relation });
        else if (verdict.misfits.length === 1 && verdict.misfits[0] === "other_unit") family.otherUnit += bucket.count;
      }
    }
    this.families.set(key, family);
    return family;
  }
}

function push<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
