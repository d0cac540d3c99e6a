// Match candidates as the API reports them: the ranked offerings for a need and the ranked needs for an offering,
// each rounded, explained in one sentence (explain.ts), and with the introduction path from the needing actor.
import { NotFoundError } from "../domain/errors";
import { explainForNeed, explainForOffering } from "./explain";
import { MAX_INTRODUCTION_HOPS } from "./network";
import { resolveLimit, resolveWeights, WEIGHT_KEYS } from "./options";
import { rankNeedsForOffering, rankOfferingsForNeed } from "./retrieval";
import type { IntroductionPath, MatchCandidate, MatchIndex, MatchOptions, MatchWeights, ScoredPair } from "./types";

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
