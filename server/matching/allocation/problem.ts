// The allocation problem: candidate pairs for every open need in scope, taken from the match index (so every pair
// passes the one fit rule: a fitting category, the same unit, available today, within reach), and the problem
// compiled to integer indices and checked once before either solver reads it; the check refuses a pair across units.
import { PRIORITY_WEIGHTS } from "../../domain/priority";
import { MatchOptionsError, resolveWeights } from "../options";
import { rankOfferingsForNeed } from "../retrieval";
import type { MatchIndex } from "../types";
import type { AllocationNeed, AllocationOffering, AllocationOptions, AllocationPair, AllocationProblem } from "./types";

export const ALLOCATION_DEFAULTS = { candidatesPerNeed: 50 } as const;

/** Candidate pairs for every open need in scope: the top `candidatesPerNeed` matches among offerings in scope. */
export function buildAllocationProblem(index: MatchIndex, options: AllocationOptions = {}): AllocationProblem {
  const weights = resolveWeights(options.weights);
  const k = options.candidatesPerNeed ?? ALLOCATION_DEFAULTS.candidatesPerNeed;
  if (!Number.isInteger(k) || k < 1)
    throw new MatchOptionsError(`allocation: candidatesPerNeed must be a positive integer`);
  const actorSet = options.actorIds ? new Set(options.actorIds) : null;
  const prefix = options.categoryPrefix;
  const inScope = (actor: number, category: string) =>
    (!options.region || index.actorRegion[actor] === options.region) &&
    (!prefix || category === prefix || category.startsWith(`${prefix}/`)) &&
    (!actorSet || actorSet.has(index.csr.nodes[actor]!));

  const offeringInScope = new Uint8Array(index.offerings.length);
  const offerings: AllocationOffering[] = [];
  index.offerings.forEach((o, j) => {
    if (!index.offeringAvailable[j] || !inScope(index.offeringActor[j]!, o.category)) return;
    offeringInScope[j] = 1;
    offerings.push({
      id: o.id,
      actorId: o.actorId,
      category: o.category,
      title: o.title,
      remaining: index.remaining[j]!,
      unit: o.unit,
    });
  });
  const needs: AllocationNeed[] = [];
  const pairs: AllocationPair[] = [];
  const accept = (j: number) => offeringInScope[j] === 1;
  index.needs.forEach((need, i) => {
    if (!index.needOpen[i] || !inScope(index.needActor[i]!, need.category)) return;
    needs.push({
      id: need.id,
      actorId: need.actorId,
      category: need.category,
      title: need.title,
      priority: need.priority,
      quantity: index.outstanding[i]!,
      unit: need.unit,
    });
    for (const pair of rankOfferingsForNeed(index, i, weights, k, accept)) {
      pairs.push({ needId: need.id, offeringId: index.offerings[pair.offering]!.id, score: pair.score });
    }
  });
  index.introductions.release();
  return { needs, offerings, pairs };
}

/** Integer-indexed view of a problem, checked once. */
export interface Compiled {
  problem: AllocationProblem;
  pairNeed: Int32Array;
  pairOffering: Int32Array;
  /** Objective coefficient per unit: score * priority weight / quantity. */
  unitValue: Float64Array;
  /** Pair indices grouped by need: byNeed[needStart[i] .. needStart[i + 1]). */
  needStart: Int32Array;
  byNeed: Int32Array;
}

export function compile(problem: AllocationProblem): Compiled {
  const needIndex = new Map<string, number>();
  problem.needs.forEach((n, i) => {
    if (needIndex.has(n.id)) throw new MatchOptionsError(`allocation: duplicate need "${n.id}"`);
    if (!(n.quantity > 0) || !Number.isFinite(n.quantity)) {
      throw new MatchOptionsError(`allocation: need "${n.id}" must have a positive quantity`);
    }
    if (!(n.priority in PRIORITY_WEIGHTS))
      throw new MatchOptionsError(`allocation: need "${n.id}" has unknown priority`);
    needIndex.set(n.id, i);
  });
  const offeringIndex = new Map<string, number>();
  problem.offerings.forEach((o, j) => {
    if (offeringIndex.has(o.id)) throw new MatchOptionsError(`allocation: duplicate offering "${o.id}"`);
    if (!(o.remaining >= 0) || !Number.isFinite(o.remaining)) {
      throw new MatchOptionsError(`allocation: offering "${o.id}" must have a non-negative remaining capacity`);
    }
    offeringIndex.set(o.id, j);
  });
  const m = problem.pairs.length;
  const pairNeed = new Int32Array(m);
  const pairOffering = new Int32Array(m);
  const unitValue = new Float64Array(m);
  const needStart = new Int32Array(problem.needs.length + 1);
  problem.pairs.forEach((p, k) => {
    const i = needIndex.get(p.needId);
    const j = offeringIndex.get(p.offeringId);
    if (i === undefined || j === undefined) {
      throw new MatchOptionsError(`allocation: pair ${p.needId} <- ${p.offeringId} names an unknown need or offering`);
    }
    if (!(p.score >= 0 && p.score <= 1)) throw new MatchOptionsError(`allocation: pair scores must lie in [0, 1]`);
    const need = problem.needs[i]!;
    // Amounts of different units are never allocated against each other (server/domain/units.ts).
    if (need.unit !== problem.offerings[j]!.unit) {
      throw new MatchOptionsError(
        `allocation: pair ${p.needId} <- ${p.offeringId} crosses units (${need.unit} <- ${problem.offerings[j]!.unit})`,
      );
    }
    pairNeed[k] = i;
    pairOffering[k] = j;
    unitValue[k] = (p.score * PRIORITY_WEIGHTS[need.priority]) / need.quantity;
    needStart[i + 1]!++;
  });
  for (let i = 0; i < problem.needs.length; i++) needStart[i + 1]! += needStart[i]!;
  const cursor = needStart.slice(0, problem.needs.length);
  const byNeed = new Int32Array(m);
  for (let k = 0; k < m; k++) byNeed[cursor[pairNeed[k]!]!++] = k;
  // A repeated pair would let one match take a need's quantity twice over in the report.
  const last = new Int32Array(problem.offerings.length).fill(-1);
  for (let i = 0; i < problem.needs.length; i++) {
    for (let p = needStart[i]!; p < needStart[i + 1]!; p++) {
      const j = pairOffering[byNeed[p]!]!;
      if (last[j] === i) {
        throw new MatchOptionsError(
          `allocation: duplicate pair ${problem.needs[i]!.id} <- ${problem.offerings[j]!.id}`,
        );
      }
      last[j] = i;
    }
  }
  return { problem, pairNeed, pairOffering, unitValue, needStart, byNeed };
}
