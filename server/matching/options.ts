// A query's options: the default weights and limits, their checking and normalisation, and the error for a
// request the matcher cannot honour.
import type { MatchWeights } from "./types";

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
  /** Near misses a query reports apart from its candidates. */
  nearMisses: 5,
  /**
   * Text relevance from which an item in an unrelated category is shown as a near miss (with two shared words or
   * more): evidence of 4.8, about two uncommon words shared by the titles (text.ts).
   */
  strongTextRelevance: 0.45,
  /** Distance at which an in-person offering with no stated reach scores 0.5 for geography. */
  distanceHalfKm: 50,
  /**
   * Geography score of an in-person pair whose distance is unknown (a location is missing) but that the fit rule lets
   * through: no reach stated, or both in the same region.
   */
  unknownDistanceScore: 0.5,
} as const;

/** A request the matcher cannot honour, such as negative weights; the API maps it to 400. */
export class MatchOptionsError extends Error {
  readonly statusCode = 400;
}

/** The parts of a score, in the order they are reported. */
export const WEIGHT_KEYS = Object.keys(DEFAULT_WEIGHTS) as Array<keyof MatchWeights>;

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

/** The number of candidates a query returns, checked. */
export function resolveLimit(limit: number | undefined): number {
  const l = limit ?? MATCH_DEFAULTS.limit;
  if (!Number.isInteger(l) || l < 0)
    throw new MatchOptionsError(`matching: limit must be a non-negative integer, got ${l}`);
  return l;
}
