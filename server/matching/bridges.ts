// Bridges between communities: introductions that would tie together parts of the network that barely touch, the
// structural holes of Burt (1992, "Structural Holes", Harvard University Press). Communities come from Louvain
// (Blondel et al. 2008, via the analysis engine). Two communities count as weakly tied when they share no more ties
// than the configuration model expects, vol(A) vol(B) / 2m (the null model of modularity, Newman & Girvan 2004),
// times `maxTieRatio`: Louvain leaves most pairs below that line, and a pair above it is already well knit.
//
// Every open need is matched (retrieval.ts) against offerings in weakly tied communities only. The matches between two
// actors, one in each direction at most, are combined as independent chances that an exchange goes ahead,
// 1 - (1 - s1)(1 - s2), so a pair that can help each other ranks above a one-way match of the same strength. The
// pair is then ranked by
//
//   rank = combined score * (1 + gain) / 2,   gain = 1 - 1 / d
//
// where d is the pair's current shortest-path distance in ties (breadth-first search): a pair two steps apart gains
// 0.5 from a direct tie, four steps 0.75, a pair in different components 1. Actors already tied directly gain
// nothing and are left out. As rank <= combined score, distances are searched only for pairs that could still
// reach the list.
import { explainPairReason } from "./explain";
import { HopCounter } from "./network";
import { MatchOptionsError, resolveWeights } from "./options";
import { rankOfferingsForNeed } from "./retrieval";
import type { MatchIndex, MatchWeights } from "./types";

export const BRIDGE_DEFAULTS = {
  maxTieRatio: 1,
  limit: 20,
  perCommunityPair: 4,
  candidatesPerNeed: 5,
} as const;

export interface BridgeOptions {
  /** Actor id -> community id, as `detectCommunities` returns it; actors left out take no part. */
  membership: Readonly<Record<string, number>>;
  /** Weakly tied: at most this share of the ties the configuration model expects; 0 keeps untied pairs only. */
  maxTieRatio?: number;
  limit?: number;
  /** At most this many suggestions per pair of communities, so one busy pair does not fill the list. */
  perCommunityPair?: number;
  candidatesPerNeed?: number;
  weights?: Partial<MatchWeights>;
}

export interface BridgeActor {
  id: string;
  name: string;
  community: number;
}

export interface BridgeMatch {
  needId: string;
  needTitle: string;
  offeringId: string;
  offeringTitle: string;
  /** Match score in [0, 1]. */
  score: number;
}

export interface BridgeSuggestion {
  /** The actor whose need the stronger match meets. */
  needActor: BridgeActor;
  offeringActor: BridgeActor;
  /** The stronger match: the offering actor's offering for the needing actor's need. */
  match: BridgeMatch;
  /** The best match the other way round, when there is one. */
  reverse: BridgeMatch | null;
  /** 1 - (1 - match score)(1 - reverse score). */
  score: number;
  /** Ties between the two actors today; null when they are not connected at all. */
  currentDistance: number | null;
  /** 1 - 1 / distance: how much a direct tie would shorten the path (1 when not connected). */
  gain: number;
  /** score * (1 + gain) / 2, the order of the list. */
  rank: number;
  /** Ties between the two communities, and how many the configuration model expects. */
  tiesBetween: number;
  expectedTies: number;
  reason: string;
}

interface Found {
  need: number;
  offering: number;
  score: number;
}

interface Pair {
  a: number;
  b: number;
  forward: Found;
  backward: Found | null;
  score: number;
  distance?: number | null;
  rank?: number;
}

function checkCount(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min)
    throw new MatchOptionsError(`bridges: ${name} must be an integer >= ${min}`);
  return value;
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;

export function suggestBridges(index: MatchIndex, options: BridgeOptions): BridgeSuggestion[] {
  const maxRatio = options.maxTieRatio ?? BRIDGE_DEFAULTS.maxTieRatio;
  if (!(maxRatio >= 0) || !Number.isFinite(maxRatio)) {
    throw new MatchOptionsError("bridges: maxTieRatio must be a non-negative number");
  }
  const limit = checkCount("limit", options.limit ?? BRIDGE_DEFAULTS.limit, 0);
  const perPair = checkCount("perCommunityPair", options.perCommunityPair ?? BRIDGE_DEFAULTS.perCommunityPair, 1);
  const perNeed = checkCount("candidatesPerNeed", options.candidatesPerNeed ?? BRIDGE_DEFAULTS.candidatesPerNeed, 1);
  const weights = resolveWeights(options.weights);
  if (limit === 0) return [];
  const { csr } = index;

  const community = new Int32Array(csr.n).fill(-1);
  let k = 0;
  for (let v = 0; v < csr.n; v++) {
    const c = options.membership[csr.nodes[v]!];
    if (c === undefined) continue;
    if (!Number.isInteger(c) || c < 0)
      throw new MatchOptionsError(`bridges: community ids must be non-negative integers`);
    community[v] = c;
    k = Math.max(k, c + 1);
  }
  const pairKey = (x: number, y: number) => (x < y ? x * k + y : y * k + x);
  const ties = new Map<number, number>();
  const volume = new Float64Array(k);
  let twiceTies = 0;
  for (let v = 0; v < csr.n; v++) {
    const cv = community[v]!;
    const degree = csr.offsets[v + 1]! - csr.offsets[v]!;
    twiceTies += degree;
    if (cv < 0) continue;
    volume[cv]! += degree;
    for (let a = csr.offsets[v]!; a < csr.offsets[v + 1]!; a++) {
      const w = csr.targets[a]!;
      const cw = community[w]!;
      // Each undirected tie appears from both ends; count it from the lower index only.
      if (w < v || cw < 0 || cw === cv) continue;
      const key = pairKey(cv, cw);
      ties.set(key, (ties.get(key) ?? 0) + 1);
    }
  }
  const tiesBetween = (x: number, y: number) => ties.get(pairKey(x, y)) ?? 0;
  const expectedTies = (x: number, y: number) => (twiceTies > 0 ? (volume[x]! * volume[y]!) / twiceTies : 0);
  const weak = new Map<number, boolean>();
  const weaklyTied = (x: number, y: number) => {
    const key = pairKey(x, y);
    let w = weak.get(key);
    if (w === undefined) {
      const t = tiesBetween(x, y);
      weak.set(key, (w = t === 0 || t <= maxRatio * expectedTies(x, y)));
    }
    return w;
  };

  // The best match for each ordered (needing actor, offering actor).
  const best = new Map<number, Found>();
  const n = csr.n;
  for (let need = 0; need < index.needs.length; need++) {
    if (!index.needOpen[need]) continue;
    const a = index.needActor[need]!;
    const ca = community[a]!;
    if (ca < 0) continue;
    const accept = (o: number) => {
      const cb = community[index.offeringActor[o]!]!;
      return cb >= 0 && cb !== ca && weaklyTied(ca, cb);
    };
    for (const pair of rankOfferingsForNeed(index, need, weights, perNeed, accept)) {
      if (pair.hops === 1) continue;
      const key = a * n + index.offeringActor[pair.offering]!;
      const seen = best.get(key);
      if (!seen || pair.score > seen.score) best.set(key, { need, offering: pair.offering, score: pair.score });
    }
  }
  index.introductions.release();

  const pairs: Pair[] = [];
  for (const [key, found] of best) {
    const a = Math.floor(key / n);
    const b = key % n;
    const back = best.get(b * n + a) ?? null;
    // Each unordered pair once, led by its stronger direction.
    if (back && (back.score > found.score || (back.score === found.score && b < a))) continue;
    pairs.push({ a, b, forward: found, backward: back, score: 1 - (1 - found.score) * (1 - (back?.score ?? 0)) });
  }
  pairs.sort((x, y) => y.score - x.score || x.a - y.a || x.b - y.b);

  const evaluated: Pair[] = [];
  const select = () => {
    const taken = new Map<number, number>();
    const out: Pair[] = [];
    for (const p of [...evaluated].sort((x, y) => y.rank! - x.rank!)) {
      if (out.length >= limit) break;
      const key = pairKey(community[p.a]!, community[p.b]!);
      if ((taken.get(key) ?? 0) >= perPair) continue;
      taken.set(key, (taken.get(key) ?? 0) + 1);
      out.push(p);
    }
    return out;
  };
  const hops = new HopCounter(csr);
  // The best ranks seen per pair of communities: a pair whose score cannot beat the last of a full quota is skipped.
  const quota = new Map<number, number[]>();
  let selected: Pair[] = [];
  for (const p of pairs) {
    // rank never exceeds score: once scores fall to the limit-th rank, nothing further can enter.
    const floor = selected.length >= limit ? selected[limit - 1]!.rank! : -Infinity;
    if (p.score <= floor) break;
    const key = pairKey(community[p.a]!, community[p.b]!);
    const ranks = quota.get(key) ?? [];
    if (ranks.length >= perPair && p.score <= ranks[perPair - 1]!) continue;
    p.distance = hops.distance(p.a, p.b);
    p.rank = (p.score * (2 - (p.distance === null ? 0 : 1 / p.distance))) / 2;
    ranks.push(p.rank);
    ranks.sort((x, y) => y - x);
    quota.set(key, ranks.slice(0, perPair));
    evaluated.push(p);
    // A pair ranked below a full list's last cannot change the list.
    if (p.rank > floor) selected = select();
  }

  const actor = (v: number): BridgeActor => ({
    id: csr.nodes[v]!,
    name: index.actorNames[v]!,
    community: community[v]!,
  });
  const describe = (f: Found): BridgeMatch => ({
    needId: index.needs[f.need]!.id,
    needTitle: index.needs[f.need]!.title,
    offeringId: index.offerings[f.offering]!.id,
    offeringTitle: index.offerings[f.offering]!.title,
    score: round(f.score),
  });
  return selected.map((p) => {
    const ca = community[p.a]!;
    const cb = community[p.b]!;
    const match = describe(p.forward);
    const reverse = p.backward ? describe(p.backward) : null;
    const t = tiesBetween(ca, cb);
    return {
      needActor: actor(p.a),
      offeringActor: actor(p.b),
      match,
      reverse,
      score: round(p.score),
      currentDistance: p.distance!,
      gain: round(p.distance === null ? 1 : 1 - 1 / p.distance!),
      rank: round(p.rank!),
      tiesBetween: t,
      expectedTies: round(expectedTies(ca, cb)),
      reason: explainPairReason({
        needActor: index.actorNames[p.a]!,
        offeringActor: index.actorNames[p.b]!,
        match,
        reverse,
        needCommunity: ca,
        offeringCommunity: cb,
        tiesBetween: t,
        distance: p.distance!,
      }),
    };
  });
}
