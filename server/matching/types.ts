// The shapes matching works with: what it reads from a map, the options of a query, what it reports, and the
// match index that the build (match-index.ts) fills and retrieval, scoring, bridges and the allocation read.
import type { AbstractGraph } from "graphology-types";
import type { Csr } from "../analysis/csr";
import type { GeoTree } from "../analysis/spatial-index";
import type { ActorNode, RelationshipEdge } from "../analysis/graph";
import type { MisfitReason } from "../domain/fit";
import type { CategoryRelation, Taxonomy } from "../domain/taxonomy";
import type { Category, Need, Offering, Priority } from "../schemas/domain";
import type { IntroductionFinder } from "./network";
import type { ItemText, TextIndex } from "./text";

type Modality = Offering["modality"];

// ---- Inputs -------------------------------------------------------------------------------------------------

export type MatchNeed = Pick<
  Need,
  "id" | "actorId" | "category" | "title" | "quantity" | "unit" | "priority" | "status"
>;
export type MatchOffering = Pick<
  Offering,
  "id" | "actorId" | "category" | "title" | "capacity" | "unit" | "modality" | "status"
> & {
  committed?: number;
  reachKm?: number | null;
  validFrom?: string | null;
  validUntil?: string | null;
};

/** The parts of a map matching reads; `MapSnapshot` and synthetic bundles both fit. */
export interface MatchSnapshot {
  actors: readonly ActorNode[];
  relationships: readonly RelationshipEdge[];
  needs: readonly MatchNeed[];
  offerings: readonly MatchOffering[];
  categories?: readonly Pick<Category, "id">[];
}

export interface MatchIndexOptions {
  /** Descriptions and tags of needs and offerings, by item id. */
  texts?: ReadonlyMap<string, ItemText>;
  /** Remaining capacity per offering; default capacity - committed. */
  remaining?: ReadonlyMap<string, number>;
  /** Quantity still wanted per need (quantity minus what commitments cover); default quantity. */
  outstanding?: ReadonlyMap<string, number>;
  /** Under-served score in [0, 1] per actor, from the gap analysis; absent actors score 0. */
  underServed?: ReadonlyMap<string, number>;
  /** ISO date against which validUntil is judged; default today (UTC). */
  today?: string;
  /** The map's actor graph, when the caller has one built already. */
  graph?: AbstractGraph;
}

export interface MatchWeights {
  category: number;
  text: number;
  geography: number;
  capacity: number;
  network: number;
  equity: number;
}

export interface MatchOptions {
  limit?: number;
  /** Near misses reported apart; default MATCH_DEFAULTS.nearMisses. */
  nearMisses?: number;
  weights?: Partial<MatchWeights>;
}

// ---- Outputs ------------------------------------------------------------------------------------------------

export type ScoreBreakdown = MatchWeights;

export interface IntroductionPath {
  /** Ties along the path: 1 for an existing tie, up to 4. */
  hops: number;
  /** From the needing actor to the offering actor, both included. */
  actors: Array<{ id: string; name: string }>;
}

export interface MatchCandidate {
  needId: string;
  offeringId: string;
  needActorId: string;
  offeringActorId: string;
  needTitle: string;
  offeringTitle: string;
  needCategory: string;
  offeringCategory: string;
  /** The offering's category relative to the need's. */
  categoryRelation: CategoryRelation;
  /** Weighted mean of the breakdown, in [0, 1]. */
  score: number;
  breakdown: ScoreBreakdown;
  /** Normalised weights (summing to 1): score = sum of weights[k] * breakdown[k]. */
  weights: MatchWeights;
  modality: Modality;
  /** Between the two actors; null for remote and "both" offerings, or when a location is unknown. */
  distanceKm: number | null;
  reachKm: number | null;
  remainingCapacity: number;
  quantityNeeded: number;
  /** The need's unit; a fit's offering has the same. */
  unit: string;
  /** What accepting proposes: min(capacity left, quantity still needed), in `unit`. */
  proposedAmount: number;
  /** The words both texts share, strongest evidence first (what the text part of the score rests on). */
  sharedWords: string[];
  priority: Priority;
  introductionPath: IntroductionPath | null;
  explanation: string;
}

/** A pair that fails the fit rule only on near-miss reasons: shown apart, never ranked as a fit, never allocated. */
export interface NearMiss extends Omit<MatchCandidate, "proposedAmount"> {
  offeringUnit: string;
  reasons: Array<{ code: MisfitReason; text: string }>;
}

export interface MatchReport {
  candidates: MatchCandidate[];
  nearMisses: NearMiss[];
}

// ---- The index ----------------------------------------------------------------------------------------------

/** How `MatchIndex.modality` codes an offering's modality. */
export const IN_PERSON = 0;
export const MODALITY_CODE: Readonly<Record<Modality, number>> = { in_person: IN_PERSON, remote: 1, both: 2 };

export interface OfferingBucket {
  /** Remote and "both" offerings, which reach everyone. */
  anywhere: Int32Array;
  /** In-person offerings with no stated reach. */
  unlimited: Int32Array;
  /** In-person offerings with a reach whose actor has no coordinates: they reach their own region only. */
  unlocated: Int32Array;
  /** In-person offerings with a reach, by reach band. */
  bands: GeoTree[];
}

export interface NeedBucket {
  all: Int32Array;
  located: GeoTree | null;
}

export interface MatchIndex {
  readonly today: string;
  readonly counts: {
    actors: number;
    needs: number;
    offerings: number;
    openNeeds: number;
    availableOfferings: number;
  };
  /** @internal The rest is read by retrieval, scoring, bridges and the allocation only. */
  readonly csr: Csr;
  readonly actorIndex: ReadonlyMap<string, number>;
  readonly actorNames: readonly string[];
  readonly actorLat: Float64Array;
  readonly actorLon: Float64Array;
  readonly actorRegion: ReadonlyArray<string | undefined>;
  readonly underServed: Float64Array;
  readonly needs: readonly MatchNeed[];
  readonly needIndex: ReadonlyMap<string, number>;
  readonly needActor: Int32Array;
  readonly outstanding: Float64Array;
  readonly needOpen: Uint8Array;
  readonly offerings: readonly MatchOffering[];
  readonly offeringIndex: ReadonlyMap<string, number>;
  readonly offeringActor: Int32Array;
  readonly remaining: Float64Array;
  readonly offeringAvailable: Uint8Array;
  /** Offerings that would be available but start after `today`: near misses only. */
  readonly offeringLater: Uint8Array;
  readonly modality: Uint8Array;
  /** NaN when no reach is stated. */
  readonly reachKm: Float64Array;
  readonly taxonomy: Taxonomy;
  readonly offeringBuckets: ReadonlyMap<string, OfferingBucket>;
  readonly needBuckets: ReadonlyMap<string, NeedBucket>;
  readonly offeringText: TextIndex;
  readonly needText: TextIndex;
  readonly texts: ReadonlyMap<string, ItemText>;
  readonly introductions: IntroductionFinder;
}

/** A scored need-offering pair, in item indices; what the ranked queries, bridges and allocation share. */
export interface ScoredPair {
  need: number;
  offering: number;
  relation: CategoryRelation;
  distanceKm: number | null;
  hops: number;
  breakdown: ScoreBreakdown;
  score: number;
  /** Why the pair does not fit (the fit rule's reasons); empty for a fit. */
  misfits: MisfitReason[];
}

/** What a query finds: the pairs that fit, ranked, and the near misses, ranked apart. */
export interface RankedPairs {
  fits: ScoredPair[];
  nearMisses: ScoredPair[];
}
