// Match candidates as the API reports them: the ranked offerings for a need and the ranked needs for an offering,
// each rounded, explained in one sentence (explain.ts), and with the introduction path from the needing actor; and,
// apart, the near misses with the fit rule's reasons in words.
import { describeMisfit } from "../domain/fit";
import { NotFoundError } from "../domain/errors";
import { explainForNeed, explainForOffering } from "./explain";
import { MAX_INTRODUCTION_HOPS } from "./network";
import { MATCH_DEFAULTS, MatchOptionsError, resolveLimit, resolveWeights, WEIGHT_KEYS } from "./options";
import { needQuery, offeringQuery, rankForNeed, rankForOffering } from "./retrieval";
import type {
  IntroductionPath,
  MatchCandidate,
  MatchIndex,
  MatchOptions,
  MatchReport,
  MatchWeights,
  NearMiss,
  ScoredPair,
} from "./types";

const round = (x: number, digits = 4) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

function roundParts(p: MatchWeights): MatchWeights {
  const out = {} as MatchWeights;
  for (const key of WEIGHT_KEYS) out[key] = round(p[key]);
  return out;
}

/** Turns a scored pair into the reported one; the introduction finder must still be prepared from the asker. */
function describe(index: MatchIndex, pair: ScoredPair, weights: MatchWeights, side: "need" | "offering"): NearMiss {
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
  const sharedWords =
    side === "need"
      ? index.offeringText.shared(needQuery(index, pair.need), pair.offering)
      : index.needText.shared(offeringQuery(index, pair.offering), pair.need);
  const reasons = pair.misfits.map((code) => ({ code, text: describeMisfit(code, need, offering) }));
  const reach = index.reachKm[pair.offering]!;
  const explain = {
    needActor: index.actorNames[a]!,
    offeringActor: index.actorNames[b]!,
    needTitle: need.title,
    offeringTitle: offering.title,
    needCategory: need.category,
    offeringCategory: offering.category,
    relation: pair.relation,
    quantity: index.outstanding[pair.need]!,
    remaining: index.remaining[pair.offering]!,
    needUnit: need.unit,
    offeringUnit: offering.unit,
    modality: offering.modality,
    reachKm: Number.isNaN(reach) ? null : reach,
    distanceKm: pair.distanceKm,
    sharedWords,
    path: introductionPath ? introductionPath.actors.map((x) => x.name) : null,
    underServed: index.underServed[a]!,
    reasons: reasons.map((r) => r.text),
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
    unit: need.unit,
    offeringUnit: offering.unit,
    sharedWords,
    priority: need.priority,
    introductionPath,
    explanation: side === "need" ? explainForNeed(explain) : explainForOffering(explain),
    reasons,
  };
}

function candidate(index: MatchIndex, pair: ScoredPair, weights: MatchWeights, side: "need" | "offering") {
  const { offeringUnit: _unit, reasons: _reasons, ...rest } = describe(index, pair, weights, side);
  const out: MatchCandidate = { ...rest, proposedAmount: Math.min(rest.remainingCapacity, rest.quantityNeeded) };
  return out;
}

function nearMissLimit(n: number | undefined): number {
  const l = n ?? MATCH_DEFAULTS.nearMisses;
  if (!Number.isInteger(l) || l < 0) {
    throw new MatchOptionsError(`matching: nearMisses must be a non-negative integer, got ${l}`);
  }
  return l;
}

/** Fits and near misses for a need; both empty when the need is met or closed. Throws NotFoundError if unknown. */
export function matchReportForNeed(index: MatchIndex, needId: string, options: MatchOptions = {}): MatchReport {
  const need = index.needIndex.get(needId);
  if (need === undefined) throw new NotFoundError("Need", needId);
  const weights = resolveWeights(options.weights);
  const ranked = rankForNeed(index, need, weights, resolveLimit(options.limit), nearMissLimit(options.nearMisses));
  const report = {
    candidates: ranked.fits.map((pair) => candidate(index, pair, weights, "need")),
    nearMisses: ranked.nearMisses.map((pair) => describe(index, pair, weights, "need")),
  };
  index.introductions.release();
  return report;
}

/**
 * Fits and near misses for an offering; both empty when it is exhausted, expired or fully committed, and only near
 * misses when it starts later.
 */
export function matchReportForOffering(index: MatchIndex, offeringId: string, options: MatchOptions = {}): MatchReport {
  const offering = index.offeringIndex.get(offeringId);
  if (offering === undefined) throw new NotFoundError("Offering", offeringId);
  const weights = resolveWeights(options.weights);
  const ranked = rankForOffering(
    index,
    offering,
    weights,
    resolveLimit(options.limit),
    nearMissLimit(options.nearMisses),
  );
  const report = {
    candidates: ranked.fits.map((pair) => candidate(index, pair, weights, "offering")),
    nearMisses: ranked.nearMisses.map((pair) => describe(index, pair, weights, "offering")),
  };
  index.introductions.release();
  return report;
}

/** Ranked offerings that fit a need; empty when the need is met or closed. Throws NotFoundError for an unknown id. */
export function matchesForNeed(index: MatchIndex, needId: string, options: MatchOptions = {}): MatchCandidate[] {
  return matchReportForNeed(index, needId, { ...options, nearMisses: 0 }).candidates;
}

/** Ranked open needs an offering fits; empty when it is exhausted, expired, fully committed or starts later. */
export function matchesForOffering(
  index: MatchIndex,
  offeringId: string,
  options: MatchOptions = {},
): MatchCandidate[] {
  return matchReportForOffering(index, offeringId, { ...options, nearMisses: 0 }).candidates;
}
