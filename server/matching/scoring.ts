// The score of a candidate pair: a weighted mean of six parts, each in [0, 1] and reported separately.
// - category: taxonomy fit (CATEGORY_FIT: same 1, broader or narrower 0.7, sibling 0.4). Unrelated categories are
//   left out unless the texts match strongly (retrieval.ts);
// - text: BM25 relevance of the offering's (need's) title, description and tags to the other side's, leaving out
//   the words of the asking actor's own name (text.ts);
// - geography: in-person offerings only within their reach (haversine between the actors), scoring 1 at the door
//   and 0.5 at the edge of the reach; with no stated reach, 0.5 at 50 km (MATCH_DEFAULTS); remote and "both"
//   offerings ignore distance and score 1;
// - capacity: the share of the outstanding quantity the remaining capacity can cover;
// - network: 1 for an existing tie, 0.6 through one intermediary, 0.3 through two, 0 otherwise (a chain of four
//   ties is still reported as the introduction path, but scores 0; network.ts);
// - equity: the needing actor's under-served score from the gap analysis.
import { CATEGORY_FIT, type MisfitReason } from "../domain/fit";
import type { Candidates } from "./candidates";
import { NETWORK_SCORE_BY_HOPS } from "./network";
import { MATCH_DEFAULTS } from "./options";
import { IN_PERSON } from "./types";
import type { MatchIndex, MatchWeights, ScoreBreakdown, ScoredPair } from "./types";

function geographyScore(modality: number, reach: number, distance: number | null): number {
  if (modality !== IN_PERSON) return 1;
  if (distance === null) return MATCH_DEFAULTS.unknownDistanceScore;
  if (!Number.isNaN(reach)) return reach > 0 ? 1 - (0.5 * Math.min(distance, reach)) / reach : 1;
  return 1 / (1 + distance / MATCH_DEFAULTS.distanceHalfKm);
}

/** The `limit` best of `count` by `score`, ties to the lower `order`; a bounded heap, so O(count log limit). */
function selectTop(count: number, limit: number, score: (i: number) => number, order: (i: number) => number): number[] {
  if (limit === 0) return [];
  const worse = (i: number, j: number) => {
    const si = score(i);
    const sj = score(j);
    return si < sj || (si === sj && order(i) > order(j));
  };
  const heap: number[] = [];
  const down = (p: number) => {
    for (;;) {
      const l = 2 * p + 1;
      const r = l + 1;
      let m = p;
      if (l < heap.length && worse(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && worse(heap[r]!, heap[m]!)) m = r;
      if (m === p) return;
      [heap[p], heap[m]] = [heap[m]!, heap[p]!];
      p = m;
    }
  };
  for (let i = 0; i < count; i++) {
    if (heap.length < limit) {
      heap.push(i);
      for (let c = heap.length - 1; c > 0;) {
        const p = (c - 1) >> 1;
        if (!worse(heap[c]!, heap[p]!)) break;
        [heap[p], heap[c]] = [heap[c]!, heap[p]!];
        c = p;
      }
    } else if (worse(heap[0]!, i)) {
      heap[0] = i;
      down(0);
    }
  }
  return heap.sort((i, j) => (worse(i, j) ? 1 : worse(j, i) ? -1 : 0));
}

/**
 * Scores the gathered candidates at `positions` against the fixed need (or offering) and keeps the `limit` best;
 * `misfits` holds the fit rule's reasons by candidate position.
 */
export function scoreAll(
  index: MatchIndex,
  c: Candidates,
  positions: readonly number[],
  w: MatchWeights,
  limit: number,
  side: "need" | "offering",
  fixed: number,
  misfits: readonly MisfitReason[][],
): ScoredPair[] {
  const forNeed = side === "need";
  const pairOf = (i: number) => {
    const item = c.items[i]!;
    const need = forNeed ? fixed : item;
    const offering = forNeed ? item : fixed;
    return { need, offering, other: forNeed ? index.offeringActor[offering]! : index.needActor[need]! };
  };
  const partsOf = (i: number, hops: number): ScoreBreakdown => {
    const { need, offering } = pairOf(i);
    return {
      category: CATEGORY_FIT[c.relations[i]!],
      text: c.text[i]!,
      geography: geographyScore(index.modality[offering]!, index.reachKm[offering]!, c.distances[i]!),
      capacity: Math.min(1, index.remaining[offering]! / index.outstanding[need]!),
      network: NETWORK_SCORE_BY_HOPS[hops] ?? 0,
      equity: index.underServed[index.needActor[need]!]!,
    };
  };
  // Scores go into typed arrays; breakdown objects are built for the winners only, since a broad category can
  // hold thousands of candidates and allocating one object each costs more than scoring them.
  const count = positions.length;
  const scores = new Float64Array(count);
  const hops = new Float64Array(count);
  const needFixed = forNeed ? fixed : -1;
  const offeringFixed = forNeed ? -1 : fixed;
  const fixedEquity = forNeed ? index.underServed[index.needActor[fixed]!]! : 0;
  const { offeringActor, needActor, modality, reachKm, remaining, outstanding, underServed, introductions } = index;
  for (let x = 0; x < count; x++) {
    const i = positions[x]!;
    const item = c.items[i]!;
    const need = forNeed ? needFixed : item;
    const offering = forNeed ? item : offeringFixed;
    const h = introductions.hops(forNeed ? offeringActor[offering]! : needActor[need]!);
    hops[x] = h;
    scores[x] =
      w.category * CATEGORY_FIT[c.relations[i]!] +
      w.text * c.text[i]! +
      w.geography * geographyScore(modality[offering]!, reachKm[offering]!, c.distances[i]!) +
      w.capacity * Math.min(1, remaining[offering]! / outstanding[need]!) +
      w.network * (NETWORK_SCORE_BY_HOPS[h] ?? 0) +
      w.equity * (forNeed ? fixedEquity : underServed[needActor[need]!]!);
  }
  const top = selectTop(
    count,
    limit,
    (x) => scores[x]!,
    (x) => c.items[positions[x]!]!,
  );
  return top.map((x) => {
    const i = positions[x]!;
    const { need, offering } = pairOf(i);
    return {
      need,
      offering,
      relation: c.relations[i]!,
      distanceKm: c.distances[i]!,
      hops: hops[x]!,
      breakdown: partsOf(i, hops[x]!),
      score: scores[x]!,
      misfits: misfits[i] ?? [],
    };
  });
}
