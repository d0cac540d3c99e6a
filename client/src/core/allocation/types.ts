import type { z } from "zod";
import type {
  AllocationPlan as AllocationPlanSchema,
  AllocationRequest as AllocationRequestSchema,
} from "../../../../server/schemas/matching";

export type AllocationPlan = z.output<typeof AllocationPlanSchema>;
/** The request body as the client sends it (defaults filled in by the server). */
export type AllocationBody = z.input<typeof AllocationRequestSchema>;
export type Assignment = AllocationPlan["assignments"][number];
export type UnmetNeed = AllocationPlan["unmet"][number];

/** Where the plan runs: needs and offerings of actors in a region, under a category, among chosen actors. */
export interface AllocationScope {
  region: string | null;
  category: string | null;
  actorIds: string[];
}

/** An assignment as the plan view lists it: both sides named, the amount in words. */
export interface AssignmentRow {
  key: string;
  needId: string;
  needTitle: string;
  toName: string;
  offeringId: string;
  offeringTitle: string;
  fromName: string;
  amount: number;
  unit: string;
  amountText: string;
  score: number;
}

/** How the plan compares with the greedy baseline on the same pairs. */
export interface PlanComparison {
  method: AllocationPlan["method"];
  objective: number;
  baselineObjective: number | null;
  /** objective - baseline, and as a share of the baseline (null when the baseline is 0 or absent). */
  gain: number | null;
  gainShare: number | null;
  demandMet: number;
  baselineDemandMet: number | null;
}

/** The outcome of turning one assignment into a commitment. */
export interface AcceptOutcome {
  key: string;
  ok: boolean;
  /** The HTTP status (201 when created; 409 when capacity changed meanwhile; 0 when the server was unreachable). */
  status: number;
  message: string;
  commitmentId?: string;
}
