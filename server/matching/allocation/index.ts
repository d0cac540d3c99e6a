// The allocation plan: which offering gives how much to which need, optimally (a linear programme solved by
// HiGHS) and by the greedy baseline, with the report of what stays unmet and why.
export type {
  AllocationNeed,
  AllocationOffering,
  AllocationOptions,
  AllocationPair,
  AllocationPlan,
  AllocationProblem,
  AllocationScope,
  AllocationSummary,
  Assignment,
  CategoryShare,
  SolveOptions,
  UnmetNeed,
  UnmetReason,
} from "./types";
export { ALLOCATION_DEFAULTS, buildAllocationProblem } from "./problem";
export { solveAllocation } from "./solve";
export { greedyAllocation } from "./greedy";
export { planAllocation } from "./plan";
