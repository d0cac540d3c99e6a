// The gap analysis's inputs (the parts of actors, needs, offerings and ties it reads), options, defaults and results.
import type { UNDERSERVED_COMPONENTS } from "../schemas/analysis";
import type { ActorType, Priority, RelationshipType } from "../schemas/domain";
import type { Actor, Category, Need, Offering, Relationship } from "../schemas/domain";

export type GapActor = Pick<Actor, "id" | "name" | "type" | "location">;
export type GapNeed = Pick<
  Need,
  "id" | "actorId" | "category" | "title" | "quantity" | "unit" | "priority" | "status"
> & {
  /**
   * Quantity commitments in flight or delivered already cover. The commitment's amount is also in its offering's
   * `committed`, so without this a commitment would make its need look worse off, not better.
   */
  covered?: number;
};
export type GapOffering = Pick<
  Offering,
  "id" | "actorId" | "category" | "title" | "capacity" | "unit" | "modality" | "status"
> &
  Partial<Pick<Offering, "committed" | "reachKm" | "validFrom" | "validUntil">>;
export type GapRelationship = Pick<Relationship, "from" | "to" | "type">;
export type GapCategory = Pick<Category, "id" | "name">;

export interface EcosystemData {
  actors: readonly GapActor[];
  needs: readonly GapNeed[];
  offerings: readonly GapOffering[];
  relationships?: readonly GapRelationship[];
  /** Only used for readable names in reasons; matching works on category paths alone. */
  categories?: readonly GapCategory[];
}

// The component names are the API's vocabulary, so they come from its schema.
export { UNDERSERVED_COMPONENTS } from "../schemas/analysis";
export type UnderServedComponent = (typeof UNDERSERVED_COMPONENTS)[number];
export type UnderServedWeights = Record<UnderServedComponent, number>;

/** How the four under-service components combine into one score (normalised by their sum). */
export const UNDERSERVED_WEIGHTS: Readonly<UnderServedWeights> = {
  needs: 0.4,
  support: 0.2,
  distance: 0.2,
  network: 0.2,
};

export const GAP_DEFAULTS = {
  receivingTypes: ["school"] as readonly ActorType[],
  supportTypes: ["funds", "mentors", "supplies", "partners_with"] as readonly RelationshipType[],
  /** Distance at which the distance component saturates at 1. */
  distanceScaleKm: 50,
  /** Priority-weighted uncovered needs at which the needs component reaches 0.5 (one critical need, uncovered). */
  needsHalfSaturation: 4,
  /** Short needs an actor's reasons spell out one by one; the rest are summed up in one line. */
  needReasons: 3,
} as const;

export interface GapOptions {
  /** ISO date the analysis is for: offerings outside validFrom..validUntil on it are not supply. Today if absent. */
  asOf?: string;
  /** Quantity still needed per need id (what commitments have not yet covered); the need's quantity if absent. */
  outstanding?: ReadonlyMap<string, number>;
}

export interface UnderServedOptions extends GapOptions {
  receivingTypes?: readonly ActorType[];
  /** Ties that count as support received: directed ones when the actor is the target, mutual ones either way. */
  supportTypes?: readonly RelationshipType[];
  distanceScaleKm?: number;
  weights?: Partial<UnderServedWeights>;
  /** How many scored actors to keep, most under-served first (unknown actors are kept apart, also up to limit). */
  limit?: number;
}

export type UnmetReason = "no_offering" | "out_of_reach" | "location_unknown";

export interface UnmetNeed {
  needId: string;
  actorId: string;
  category: string;
  title: string;
  priority: Priority;
  status: GapNeed["status"];
  /** Quantity still needed, in `unit`. */
  quantity: number;
  unit: string;
  code: UnmetReason;
  reason: string;
  /** Available offerings that fit the need in all but reach (same unit, fitting category). */
  candidates: number;
  /** Distance to the nearest of them with a known position, if any. */
  nearestKm: number | null;
}

/** How much of one open need the offerings within its reach can cover, once shared with competing needs. */
export interface NeedCoverage {
  needId: string;
  actorId: string;
  unit: string;
  /** Quantity still needed. */
  outstanding: number;
  /** Remaining capacity of every fitting offering within reach, before sharing: an upper bound on coverage. */
  withinReach: number;
  /** min(outstanding, the need's proportional share of each fitting offering within reach). */
  covered: number;
  /** outstanding - covered. */
  uncovered: number;
}

export interface SupplyDemandEntry {
  /** The unit every quantity of the row is in; rows of different units are never added. */
  unit: string;
  /** Quantity still needed by open and partially met needs. */
  demand: number;
  /** Demand with each need's quantity multiplied by its priority weight (low 1 ... critical 4). */
  weightedDemand: number;
  /** Remaining capacity (capacity - committed) of offerings available on the day. */
  supply: number;
  /** supply / demand; null when there is no demand. */
  ratio: number | null;
  /** max(0, demand - supply). */
  shortfall: number;
  needs: number;
  offerings: number;
}

export interface CategorySupplyDemand extends SupplyDemandEntry {
  category: string;
  name: string;
  parent: string | null;
}

export interface RegionSupplyDemand extends SupplyDemandEntry {
  /** null groups actors without a region. */
  region: string | null;
}

export interface SupplyDemandResult {
  /** Per category and unit, rolled up the taxonomy within each unit; largest share of demand short first. */
  byCategory: CategorySupplyDemand[];
  byRegion: RegionSupplyDemand[];
}

/**
 * `short`: at least one open need is not fully covered; `covered`: needs are recorded and every open one is
 * covered; `unknown`: no need recorded at all, so nothing can be said about what the actor lacks.
 */
export type UnderServedStatus = "short" | "covered" | "unknown";

export interface UnderServedActor {
  actorId: string;
  name: string;
  type: ActorType;
  region: string | null;
  status: Exclude<UnderServedStatus, "unknown">;
  /** In [0, 1]; higher is more under-served. */
  score: number;
  components: UnderServedWeights;
  openNeeds: number;
  unmetNeeds: number;
  /** Open needs whose covered quantity is below what is still needed. */
  shortNeeds: number;
  supportTies: number;
  degree: number;
  /** Only what makes the actor worse off, with figures in units. */
  reasons: string[];
  /** Good news: needs covered, support received. */
  notes: string[];
}

/** An actor of a receiving type with no need recorded: not scored, not ranked. */
export interface UnknownActor {
  actorId: string;
  name: string;
  type: ActorType;
  region: string | null;
  status: "unknown";
  supportTies: number;
  degree: number;
}

export interface GapAnalysis {
  /** The day the analysis holds for. */
  asOf: string;
  /** The weights the under-served score used, after defaults. */
  weights: UnderServedWeights;
  unmetNeeds: UnmetNeed[];
  coverage: NeedCoverage[];
  supplyDemand: SupplyDemandResult;
  underServed: UnderServedActor[];
  unknown: UnknownActor[];
}
