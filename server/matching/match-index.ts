// The match index of one map: actors, needs and offerings in typed arrays, with what makes each one available,
// and the structures retrieval searches instead of scanning the map. Offerings (and needs) are bucketed by
// category, and in-person ones with a stated reach sit in per-category k-d trees (Bentley 1975 k-d tree via
// kdbush; great-circle nearest neighbours by geokdbush after Agafonkin) grouped by reach, so a query visits only
// related categories and only the points that could reach it. Text goes into two BM25 indexes (text.ts), ties
// into the introduction finder (network.ts).
//
// Exhausted, expired (validUntil < today) and fully committed offerings, and met or closed needs, are indexed
// but never available. Offerings that start later (validFrom > today) are not available either, but sit in the
// buckets and the text index so a need can see them as near misses ("available from 2027-09-01"). Whether a
// gathered pair fits is then decided by the one fit rule (server/domain/fit.ts) in retrieval.ts.
import { toUndirectedCsr } from "../analysis/csr";
import { buildActorGraph } from "../analysis/graph";
import { geoTree } from "../analysis/spatial-index";
import { AMOUNT_EPSILON } from "../domain/commitments";
import { isOpenNeed, offeringAvailableOn } from "../domain/fit";
import { Taxonomy } from "../domain/taxonomy";
import { IntroductionFinder } from "./network";
import { MatchOptionsError } from "./options";
import { TextIndex } from "./text";
import type { ItemText } from "./text";
import { IN_PERSON, MODALITY_CODE } from "./types";
import type { MatchIndex, MatchIndexOptions, MatchSnapshot, NeedBucket, OfferingBucket } from "./types";

/** Reach bands: a query into a band searches out to its bound, so one long-reach offering cannot widen them all. */
const REACH_BANDS_KM = [10, 30, 100, 300, 1000, 3000, Infinity];

function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
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
    needOpen[n] = a >= 0 && isOpenNeed(need.status) && outstanding[n]! > AMOUNT_EPSILON ? 1 : 0;
  });

  const offerings = snapshot.offerings;
  const offeringIndex = new Map<string, number>();
  const offeringActor = new Int32Array(offerings.length);
  const remaining = new Float64Array(offerings.length);
  const offeringAvailable = new Uint8Array(offerings.length);
  const offeringLater = new Uint8Array(offerings.length);
  const modality = new Uint8Array(offerings.length);
  const reachKm = new Float64Array(offerings.length);
  offerings.forEach((o, k) => {
    offeringIndex.set(o.id, k);
    const a = actorIndex.get(o.actorId) ?? -1;
    offeringActor[k] = a;
    remaining[k] = options.remaining?.get(o.id) ?? o.capacity - (o.committed ?? 0);
    modality[k] = MODALITY_CODE[o.modality];
    reachKm[k] = o.reachKm ?? NaN;
    const usable = a >= 0 && remaining[k]! > AMOUNT_EPSILON;
    const availability = offeringAvailableOn(o, today);
    offeringAvailable[k] = usable && availability === null ? 1 : 0;
    offeringLater[k] = usable && availability === "not_yet_available" ? 1 : 0;
  });

  const taxonomy = new Taxonomy([
    ...(snapshot.categories ?? []).map((c) => c.id),
    ...needs.map((n) => n.category),
    ...offerings.map((o) => o.category),
  ]);

  const offeringBuckets = new Map<string, OfferingBucket>();
  {
    type Group = { anywhere: number[]; unlimited: number[]; unlocated: number[]; bands: number[][] };
    const grouped = new Map<string, Group>();
    offerings.forEach((o, k) => {
      if (!offeringAvailable[k] && !offeringLater[k]) return;
      let g = grouped.get(o.category);
      if (!g) {
        grouped.set(
          o.category,
          (g = { anywhere: [], unlimited: [], unlocated: [], bands: REACH_BANDS_KM.map(() => []) }),
        );
      }
      if (modality[k] !== IN_PERSON) g.anywhere.push(k);
      else if (Number.isNaN(reachKm[k]!)) g.unlimited.push(k);
      else if (Number.isNaN(actorLat[offeringActor[k]!]!)) g.unlocated.push(k);
      else g.bands[REACH_BANDS_KM.findIndex((b) => reachKm[k]! <= b)]!.push(k);
    });
    const lat = (k: number) => actorLat[offeringActor[k]!]!;
    const lon = (k: number) => actorLon[offeringActor[k]!]!;
    for (const [category, g] of grouped) {
      offeringBuckets.set(category, {
        anywhere: Int32Array.from(g.anywhere),
        unlimited: Int32Array.from(g.unlimited),
        unlocated: Int32Array.from(g.unlocated),
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
        if (offeringAvailable[k] || offeringLater[k])
          yield { id: k, title: offerings[k]!.title, text: texts.get(offerings[k]!.id) };
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
    offeringLater,
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
