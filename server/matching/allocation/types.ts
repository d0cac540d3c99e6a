// The shapes of an allocation: the problem (needs, offerings, candidate pairs), the plan that answers it, and
// the options that scope and solve it.
import type { Priority } from "../../schemas/domain";
import type { MatchWeights } from "../types";

export interface AllocationNeed {
  id: string;
  actorId: string;
  category: string;
  title: string;
  priority: Priority;
  /** Quantity still wanted, in `unit`. */
  quantity: number;
  unit: string;
}

export interface AllocationOffering {
  id: string;
  actorId: string;
  category: string;
  title: string;
  remaining: number;
  unit: string;
}

export interface AllocationPair {
  needId: string;
  offeringId: string;
  /** Match score in [0, 1]. */
  score: number;
}

export interface AllocationProblem {
  needs: AllocationNeed[];
  offerings: AllocationOffering[];
  pairs: AllocationPair[];
}

export interface Assignment {
  needId: string;
  offeringId: string;
  amount: number;
  /** The unit of the need and the offering, which a pair always shares. */
  unit: string;
  score: number;
  /** This assignment's part of the objective: score * priority weight * amount / quantity. */
  value: number;
}

export type UnmetReason = "no_candidates" | "capacity_taken" | "partially_met";

export interface UnmetNeed {
  needId: string;
  title: string;
  category: string;
  priority: Priority;
  quantity: number;
  unit: string;
  assigned: number;
  shortfall: number;
  reason: UnmetReason;
  explanation: string;
}

export interface CategoryShare {
  /** Includes every need filed under it (its subcategories too). */
  category: string;
  needs: number;
  fullyMet: number;
  /** Mean share of quantity met over its needs. */
  shareMet: number;
  /** The same weighted by priority. */
  priorityWeightedShareMet: number;
}

export interface AllocationSummary {
  method: "lp" | "greedy";
  /** sum of score * priority weight * amount / quantity. */
  objective: number;
  /** The objective if every need were met in full by perfect matches: the sum of priority weights. */
  maxObjective: number;
  /** sum of priority weight * share met, over the sum of priority weights. */
  priorityWeightedDemandMet: number;
  totalAssigned: number;
}

export interface AllocationPlan extends AllocationSummary {
  needsFullyMet: number;
  needsPartiallyMet: number;
  needsUnmet: number;
  byCategory: CategoryShare[];
  assignments: Assignment[];
  unmet: UnmetNeed[];
  stats: { needs: number; offerings: number; pairs: number; status: string; solveMs: number; models: number };
  /** The greedy baseline on the same problem, when the plan was made by `planAllocation`. */
  baseline?: AllocationSummary;
}

export interface AllocationScope {
  /** Only actors located in this region. */
  region?: string;
  /** Only needs and offerings filed under this category path. */
  categoryPrefix?: string;
  /** Only these actors' needs and offerings. */
  actorIds?: readonly string[];
}

export interface AllocationOptions extends AllocationScope {
  weights?: Partial<MatchWeights>;
  candidatesPerNeed?: number;
}

export interface SolveOptions {
  /** Worker threads for independent blocks; 1 solves in this thread. Default: up to 2, by available cores. */
  workers?: number;
  /** Stops the solve (its workers are terminated); the plan's promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called as the LP's blocks are solved: the share done, from 0 to 1. */
  onProgress?: (share: number) => void;
  /** Solves in worker threads even when one block would be quicker here: stoppable, and the event loop stays free. */
  isolate?: boolean;
}
