// Retrieval: the candidates for one open need (or one available offering), gathered from the buckets of related
// categories and the k-d trees of those within reach, then from the text index, and sorted by the one fit rule
// (assessFit, server/domain/fit.ts): pairs that fit are scored and ranked; pairs failing only on a near-miss reason
// (a neighbouring category, another unit, an offering that starts later, or an unrelated category with strong text
// evidence) are scored apart as near misses; everything else is dropped. A query never scans the map. An unrelated
// category comes in only on strong text evidence (relevance >= 0.4 with at least two shared words), because weak
// word overlap across categories is mostly noise (a place name). An actor's own offerings never meet its own needs.
import { haversineKm, type LatLon } from "../analysis/geo";
import { pointsWithin } from "../analysis/spatial-index";
import { assessFit, type MisfitReason } from "../domain/fit";
import { categoryRelation, invertRelation, type CategoryRelation } from "../domain/taxonomy";
import { candidatesFor } from "./candidates";
import type { Candidates } from "./candidates";
import { MATCH_DEFAULTS } from "./options";
import { scoreAll } from "./scoring";
import type { QueryTerm } from "./text";
import { IN_PERSON } from "./types";
import type { MatchIndex, MatchWeights, RankedPairs, ScoredPair } from "./types";

function actorAt(index: MatchIndex, a: number): LatLon {
  return { lat: index.actorLat[a]!, lon: index.actorLon[a]! };
}

function actorDistance(index: MatchIndex, a: number, b: number): number | null {
  const { actorLat: lat, actorLon: lon } = index;
  if (Number.isNaN(lat[a]!) || Number.isNaN(lat[b]!)) return null;
  return haversineKm({ lat: lat[a]!, lon: lon[a]! }, { lat: lat[b]!, lon: lon[b]! });
}

/**
 * The fit rule's verdict on one gathered pair: the misfit reasons, empty when it fits. `distance` is null when it is
 * unknown or, for remote and "both" offerings, irrelevant.
 */
function verdictOf(
  index: MatchIndex,
  need: number,
  offering: number,
  relation: CategoryRelation,
  distance: number | null,
  strongText: boolean,
) {
  const n = index.needs[need]!;
  const o = index.offerings[offering]!;
  const ra = index.actorRegion[index.needActor[need]!];
  const rb = index.actorRegion[index.offeringActor[offering]!];
  return assessFit({ category: n.category, unit: n.unit, status: n.status }, o, {
    date: index.today,
    relation,
    distanceKm: distance,
    sameRegion: ra !== undefined && ra === rb,
    strongText,
  });
}

/**
 * Whether text alone may bring in an item of an unrelated category: enough of the query's evidence, and more than one
 * shared word when the query has several, since one shared proper noun ("Willow" in "Laptops for Willow School")
 * says nothing about what is needed or offered.
 */
function isStrong(relevance: number, matched: number, known: number): boolean {
  return relevance >= MATCH_DEFAULTS.strongTextRelevance && matched >= Math.min(2, known);
}

/** A need's words as a query against the offerings' texts, its actor's name left out. */
export function needQuery(index: MatchIndex, need: number): QueryTerm[] {
  const n = index.needs[need]!;
  return index.offeringText.query(n.title, index.texts.get(n.id), index.actorNames[index.needActor[need]!]);
}

/** An offering's words as a query against the needs' texts, its actor's name left out. */
export function offeringQuery(index: MatchIndex, offering: number): QueryTerm[] {
  const o = index.offerings[offering]!;
  return index.needText.query(o.title, index.texts.get(o.id), index.actorNames[index.offeringActor[offering]!]);
}

/**
 * The best offerings that fit one open need, scored. `accept` filters offerings before scoring (bridges use it to
 * keep other communities only). The introduction finder is left prepared from the need's actor.
 */
export function rankOfferingsForNeed(
  index: MatchIndex,
  need: number,
  weights: MatchWeights,
  limit: number,
  accept?: (offering: number) => boolean,
): ScoredPair[] {
  return rankForNeed(index, need, weights, limit, 0, accept).fits;
}

/** The fits and, apart, the near misses for one open need. */
export function rankForNeed(
  index: MatchIndex,
  need: number,
  weights: MatchWeights,
  limit: number,
  nearMissLimit: number,
  accept?: (offering: number) => boolean,
): RankedPairs {
  if (!index.needOpen[need]) return { fits: [], nearMisses: [] };
  const c = candidatesFor(index, "offerings");
  try {
    gatherOfferings(index, c, need, accept);
    index.introductions.from(index.needActor[need]!);
    return split(index, c, weights, limit, nearMissLimit, "need", need);
  } finally {
    c.release();
  }
}

function gatherOfferings(index: MatchIndex, c: Candidates, need: number, accept?: (offering: number) => boolean) {
  const a = index.needActor[need]!;
  const category = index.needs[need]!.category;
  const located = !Number.isNaN(index.actorLat[a]!);
  const take = (o: number) => index.offeringActor[o] !== a && (!accept || accept(o));
  const distanceTo = (o: number) =>
    index.modality[o] === IN_PERSON ? actorDistance(index, index.offeringActor[o]!, a) : null;

  for (const { category: rc, relation } of index.taxonomy.related(category)) {
    const bucket = index.offeringBuckets.get(rc);
    if (!bucket) continue;
    for (const o of bucket.anywhere) if (take(o)) c.add(o, relation, null);
    for (const o of bucket.unlimited) if (take(o)) c.add(o, relation, distanceTo(o));
    // Without coordinates on either side, reach falls back to the region (reachVerdict), which the rule judges.
    for (const o of bucket.unlocated) if (take(o)) c.add(o, relation, null);
    for (const band of bucket.bands) {
      if (!located) {
        for (const o of band.items) if (take(o)) c.add(o, relation, null);
        continue;
      }
      pointsWithin(
        band,
        actorAt(index, a),
        band.maxKm,
        (o) => actorAt(index, index.offeringActor[o]!),
        (o, d) => {
          if (d <= index.reachKm[o]! && take(o)) c.add(o, relation, d);
        },
      );
    }
  }

  index.offeringText.score(needQuery(index, need), (o, relevance, matched, known) => {
    const at = c.position(o);
    if (at >= 0) c.text[at] = relevance;
    else if (isStrong(relevance, matched, known) && (index.offeringAvailable[o] || index.offeringLater[o]) && take(o)) {
      // A related category not gathered above is out of reach; only an unrelated one comes in on its text.
      if (categoryRelation(index.offerings[o]!.category, category) !== "unrelated") return;
      c.add(o, "unrelated", distanceTo(o));
      c.text[c.items.length - 1] = relevance;
      c.strongText[c.items.length - 1] = 1;
    }
  });
}

/** The best open needs an available offering fits, scored; the introduction finder is left prepared from its actor. */
export function rankNeedsForOffering(
  index: MatchIndex,
  offering: number,
  weights: MatchWeights,
  limit: number,
  accept?: (need: number) => boolean,
): ScoredPair[] {
  return rankForOffering(index, offering, weights, limit, 0, accept).fits;
}

/** The fits and, apart, the near misses for one offering (an offering that starts later has near misses only). */
export function rankForOffering(
  index: MatchIndex,
  offering: number,
  weights: MatchWeights,
  limit: number,
  nearMissLimit: number,
  accept?: (need: number) => boolean,
): RankedPairs {
  if (!index.offeringAvailable[offering] && !index.offeringLater[offering]) return { fits: [], nearMisses: [] };
  const c = candidatesFor(index, "needs");
  try {
    gatherNeeds(index, c, offering, accept);
    index.introductions.from(index.offeringActor[offering]!);
    return split(index, c, weights, limit, nearMissLimit, "offering", offering);
  } finally {
    c.release();
  }
}

function gatherNeeds(index: MatchIndex, c: Candidates, offering: number, accept?: (need: number) => boolean) {
  const b = index.offeringActor[offering]!;
  const category = index.offerings[offering]!.category;
  const mod = index.modality[offering]!;
  const reach = index.reachKm[offering]!;
  const located = !Number.isNaN(index.actorLat[b]!);
  const take = (n: number) => index.needActor[n] !== b && (!accept || accept(n));
  const distanceTo = (n: number) => (mod === IN_PERSON ? actorDistance(index, b, index.needActor[n]!) : null);

  for (const { category: rc, relation } of index.taxonomy.related(category)) {
    const bucket = index.needBuckets.get(rc);
    if (!bucket) continue;
    // Relations are reported as the offering's category relative to the need's.
    const rel = invertRelation(relation);
    if (mod !== IN_PERSON || Number.isNaN(reach) || !located) {
      // No reach to search by (or no place to search from: the rule falls back to the region).
      for (const n of bucket.all) if (take(n)) c.add(n, rel, distanceTo(n));
      continue;
    }
    if (bucket.located) {
      pointsWithin(
        bucket.located,
        actorAt(index, b),
        reach,
        (n) => actorAt(index, index.needActor[n]!),
        (n, d) => {
          if (take(n)) c.add(n, rel, d);
        },
      );
    }
    // Needs of actors without coordinates are reached by region (reachVerdict).
    for (const n of bucket.all) if (Number.isNaN(index.actorLat[index.needActor[n]!]!) && take(n)) c.add(n, rel, null);
  }

  index.needText.score(offeringQuery(index, offering), (n, relevance, matched, known) => {
    const at = c.position(n);
    if (at >= 0) c.text[at] = relevance;
    else if (isStrong(relevance, matched, known) && index.needOpen[n] && take(n)) {
      if (categoryRelation(category, index.needs[n]!.category) !== "unrelated") return;
      c.add(n, "unrelated", distanceTo(n));
      c.text[c.items.length - 1] = relevance;
      c.strongText[c.items.length - 1] = 1;
    }
  });
}

/** Judges every gathered pair by the fit rule, then scores the fits and the near misses apart. */
function split(
  index: MatchIndex,
  c: Candidates,
  weights: MatchWeights,
  limit: number,
  nearMissLimit: number,
  side: "need" | "offering",
  fixed: number,
): RankedPairs {
  const fits: number[] = [];
  const near: number[] = [];
  const misfits: MisfitReason[][] = [];
  for (let i = 0; i < c.items.length; i++) {
    const item = c.items[i]!;
    const need = side === "need" ? fixed : item;
    const offering = side === "need" ? item : fixed;
    const v = verdictOf(index, need, offering, c.relations[i]!, c.distances[i]!, c.strongText[i] === 1);
    misfits[i] = v.misfits;
    if (v.fits) fits.push(i);
    else if (v.nearMiss && nearMissLimit > 0) near.push(i);
  }
  return {
    fits: scoreAll(index, c, fits, weights, limit, side, fixed, misfits),
    nearMisses: scoreAll(index, c, near, weights, nearMissLimit, side, fixed, misfits),
  };
}
