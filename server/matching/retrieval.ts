// Retrieval: the candidates for one open need (or one available offering), gathered from the buckets of related
// categories and the k-d trees of those within reach, then from the text index, and scored (scoring.ts). A query
// never scans the map. An unrelated category comes in only on a strong text match (relevance >= 0.4 with at
// least two shared words), because a good description beats a mis-filed category, while weak word overlap across
// categories is mostly noise (a place name). An actor's own offerings never meet its own needs.
import { haversineKm, type LatLon } from "../analysis/geo";
import { pointsWithin } from "../analysis/spatial-index";
import { categoryRelation, invertRelation } from "../domain/taxonomy";
import { candidatesFor } from "./candidates";
import type { Candidates } from "./candidates";
import { MATCH_DEFAULTS } from "./options";
import { scoreAll } from "./scoring";
import type { QueryTerm } from "./text";
import { IN_PERSON } from "./types";
import type { MatchIndex, MatchWeights, ScoredPair } from "./types";

function actorAt(index: MatchIndex, a: number): LatLon {
  return { lat: index.actorLat[a]!, lon: index.actorLon[a]! };
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
