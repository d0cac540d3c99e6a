// The gap analysis's inputs (the parts of actors, needs, offerings and ties it reads), options, defaults and results.
import type { ActorType, Priority, RelationshipType } from "../schemas/domain";
import type { Actor, Category, Need, Offering, Relationship } from "../schemas/domain";

export type GapActor = Pick<Actor, "id" | "name" | "type" | "location">;
export type GapNeed = Pick<Need, "id" | "actorId" | "category" | "title" | "quantity" | "priority" | "status">;
export type GapOffering = Pick<Offering, "id" | "actorId" | "category" | "title" | "capacity" | "modality" | "status"> &
  Partial<Pick<Offering, "reachKm" | "validFrom" | "validUntil">>;
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

/** How the four under-service components combine into one score (normalised by their sum). */
export const UNDERSERVED_WEIGHTS = { needs: 0.4, support: 0.2, distance: 0.2, network: 0.2 } as const;

export const GAP_DEFAULTS = {
  receivingTypes: ["school"] as readonly ActorType[],
  supportTypes: ["funds", "mentors", "supplies", "partners_with"] as readonly RelationshipType[],
  /** Distance at which the distance component saturates at 1. */
  distanceScaleKm: 50,
  /** Priority-weighted unmet needs at which the needs component reaches 0.5 (one critical need). */
  needsHalfSaturation: 4,
} as const;

export interface GapOptions {
  /** ISO date: offerings outside validFrom..validUntil are left out. Dates are ignored when absent. */
  asOf?: string;
  /** Reach assumed for in-person offerings that state none; unlimited when absent. */
  defaultReachKm?: number;
}

export interface UnderServedOptions extends GapOptions {
  receivingTypes?: readonly ActorType[];
  /** Ties that count as support received: directed ones when the actor is the target, mutual ones either way. */
  supportTypes?: readonly RelationshipType[];
  distanceScaleKm?: number;
  weights?: Partial<Record<keyof typeof UNDERSERVED_WEIGHTS, number>>;
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
  quantity: number;
  code: UnmetReason;
  reason: string;
  /** Available offerings in the category family (none of which reaches). */
  candidates: number;
  /** Distance to the nearest of them with a known position, if any. */
  nearestKm: number | null;
}

export interface SupplyDemandEntry {
  demand: number;
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
  /** Rolled up the taxonomy; largest shortfall first. */
  byCategory: CategorySupplyDemand[];
  byRegion: RegionSupplyDemand[];
}

export interface UnderServedActor {
  actorId: string;
  name: string;
  type: ActorType;
  region: string | null;
  /** In [0, 1]; higher is more under-served. */
  score: number;
  components: Record<keyof typeof UNDERSERVED_WEIGHTS, number>;
  openNeeds: number;
  unmetNeeds: number;
  supportTies: number;
  degree: number;
  reasons: string[];
}

export interface GapAnalysis {
  unmetNeeds: UnmetNeed[];
  supplyDemand: SupplyDemandResult;
  underServed: UnderServedActor[];
}
