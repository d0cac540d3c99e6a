// The allocation plan for a map: candidate pairs from its match index, the optimal plan, and the greedy
// baseline's figures beside it, so the API can show what optimising gains.
import type { MatchIndex } from "../types";
import { greedyAllocation } from "./greedy";
import { buildAllocationProblem } from "./problem";
import { solveAllocation } from "./solve";
import type { AllocationOptions, AllocationPlan, SolveOptions } from "./types";

/** Candidate pairs from the index, the optimal plan, and the greedy baseline's figures for comparison. */
export async function planAllocation(
  index: MatchIndex,
  options: AllocationOptions & SolveOptions = {},
): Promise<AllocationPlan> {
  const problem = buildAllocationProblem(index, options);
  const plan = await solveAllocation(problem, options);
  options.signal?.throwIfAborted();
  const greedy = greedyAllocation(problem);
  plan.baseline = {
    method: "greedy",
    objective: greedy.objective,
    maxObjective: greedy.maxObjective,
    priorityWeightedDemandMet: greedy.priorityWeightedDemandMet,
    totalAssigned: greedy.totalAssigned,
  };
  return plan;
}
