// The plan as reported: assignments by value, the objective and priority-weighted demand met, the share met per
// category (rolled up the taxonomy), and each need left short with its reason in plain words.
import { AMOUNT_EPSILON } from "../../domain/commitments";
import { PRIORITY_WEIGHTS } from "../../domain/priority";
import { parentPath } from "../../domain/taxonomy";
import { formatAmount } from "../../domain/units";
import type { Compiled } from "./problem";
import type { AllocationPlan, Assignment, CategoryShare, UnmetNeed } from "./types";

export function summarise(
  c: Compiled,
  amounts: Float64Array,
  method: "lp" | "greedy",
  status: string,
  solveMs: number,
): AllocationPlan {
  const { needs, offerings, pairs } = c.problem;
  const assigned = new Float64Array(needs.length);
  const candidates = new Int32Array(needs.length);
  const assignments: Assignment[] = [];
  let objective = 0;
  let totalAssigned = 0;
  for (let k = 0; k < pairs.length; k++) {
    const i = c.pairNeed[k]!;
    if (pairs[k]!.score > 0) candidates[i]!++;
    const amount = amounts[k]!;
    if (amount <= AMOUNT_EPSILON) continue;
    const value = c.unitValue[k]! * amount;
    assigned[i]! += amount;
    objective += value;
    totalAssigned += amount;
    assignments.push({
      needId: pairs[k]!.needId,
      offeringId: pairs[k]!.offeringId,
      amount,
      unit: needs[i]!.unit,
      score: pairs[k]!.score,
      value,
    });
  }
  assignments.sort((a, b) => b.value - a.value || a.needId.localeCompare(b.needId));

  let weightSum = 0;
  let weightedMet = 0;
  let fully = 0;
  let partially = 0;
  const unmet: UnmetNeed[] = [];
  const categories = new Map<
    string,
    { needs: number; fullyMet: number; share: number; weighted: number; weight: number }
  >();
  needs.forEach((need, i) => {
    const p = PRIORITY_WEIGHTS[need.priority];
    const share = Math.min(1, assigned[i]! / need.quantity);
    const full = assigned[i]! >= need.quantity * (1 - 1e-9);
    weightSum += p;
    weightedMet += p * share;
    if (full) fully++;
    else if (assigned[i]! > AMOUNT_EPSILON) partially++;
    for (let cat: string | null = need.category; cat !== null; cat = parentPath(cat)) {
      let s = categories.get(cat);
      if (!s) categories.set(cat, (s = { needs: 0, fullyMet: 0, share: 0, weighted: 0, weight: 0 }));
      s.needs++;
      if (full) s.fullyMet++;
      s.share += share;
      s.weighted += p * share;
      s.weight += p;
    }
    if (full) return;
    const shortfall = need.quantity - assigned[i]!;
    const base = {
      needId: need.id,
      title: need.title,
      category: need.category,
      priority: need.priority,
      quantity: need.quantity,
      unit: need.unit,
      assigned: assigned[i]!,
      shortfall,
    };
    if (candidates[i] === 0) {
      unmet.push({
        ...base,
        reason: "no_candidates",
        explanation: `No available offering fits it: none of its category (or a more specific or more general one) in ${need.unit || "its unit"}, available today and within reach.`,
      });
    } else if (assigned[i]! <= AMOUNT_EPSILON) {
      unmet.push({
        ...base,
        reason: "capacity_taken",
        explanation: `All ${candidates[i]} fitting offerings are used by needs that weigh more or fit better; ${formatAmount(need.quantity, need.unit)} short.`,
      });
    } else {
      unmet.push({
        ...base,
        reason: "partially_met",
        explanation: `${fmt(assigned[i]!)} of ${formatAmount(need.quantity, need.unit)} assigned, ${formatAmount(shortfall, need.unit)} short; no other fitting offering has capacity left.`,
      });
    }
  });
  unmet.sort((a, b) => PRIORITY_WEIGHTS[b.priority] - PRIORITY_WEIGHTS[a.priority] || a.needId.localeCompare(b.needId));

  const byCategory: CategoryShare[] = [...categories.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([category, s]) => ({
      category,
      needs: s.needs,
      fullyMet: s.fullyMet,
      shareMet: s.share / s.needs,
      priorityWeightedShareMet: s.weighted / s.weight,
    }));

  return {
    method,
    objective,
    maxObjective: weightSum,
    priorityWeightedDemandMet: weightSum > 0 ? weightedMet / weightSum : 0,
    totalAssigned,
    needsFullyMet: fully,
    needsPartiallyMet: partially,
    needsUnmet: needs.length - fully - partially,
    byCategory,
    assignments,
    unmet,
    stats: { needs: needs.length, offerings: offerings.length, pairs: pairs.length, status, solveMs, models: 0 },
  };
}

const NUMBER = new Intl.NumberFormat("en", { maximumFractionDigits: 2 });
function fmt(x: number): string {
  return NUMBER.format(x);
}
