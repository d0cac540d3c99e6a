import { formatAmount } from "../../../../server/schemas/domain";
import type { Ecosystem } from "../graph/types";
import type {
  AcceptOutcome,
  AllocationBody,
  AllocationPlan,
  AllocationScope,
  Assignment,
  AssignmentRow,
  PlanComparison,
} from "./types";

export function getEmptyAllocationScope(): AllocationScope {
  return { region: null, category: null, actorIds: [] };
}

/** The request for a scope: only what is chosen, so an empty scope plans the whole map. */
export function allocationBody(scope: AllocationScope): AllocationBody {
  return {
    ...(scope.region ? { region: scope.region } : {}),
    ...(scope.category ? { category: scope.category } : {}),
    ...(scope.actorIds.length ? { actorIds: [...scope.actorIds] } : {}),
  };
}

/** One assignment per (offering, need) pair in a plan, so the pair names it. */
export const assignmentKey = (a: Pick<Assignment, "offeringId" | "needId">) => `${a.offeringId}→${a.needId}`;

export function assignmentRows(plan: Pick<AllocationPlan, "assignments">, eco: Ecosystem | null): AssignmentRow[] {
  return plan.assignments.map((a) => {
    const need = eco?.needs.get(a.needId);
    const offering = eco?.offerings.get(a.offeringId);
    return {
      key: assignmentKey(a),
      needId: a.needId,
      needTitle: need?.title ?? a.needId,
      toName: (need && eco?.actors.get(need.actorId)?.name) ?? need?.actorId ?? "",
      offeringId: a.offeringId,
      offeringTitle: offering?.title ?? a.offeringId,
      fromName: (offering && eco?.actors.get(offering.actorId)?.name) ?? offering?.actorId ?? "",
      amount: a.amount,
      unit: a.unit,
      amountText: formatAmount(a.amount, a.unit),
      score: a.score,
    };
  });
}

/** Amounts add up only within a unit: "175 devices", "320 kits"..., largest first. */
export function totalsByUnit(rows: ReadonlyArray<{ amount: number; unit: string }>): string[] {
  const sums = new Map<string, number>();
  for (const r of rows) sums.set(r.unit, (sums.get(r.unit) ?? 0) + r.amount);
  return [...sums.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([unit, sum]) => formatAmount(sum, unit));
}

export function planComparison(
  plan: Pick<AllocationPlan, "method" | "objective" | "priorityWeightedDemandMet" | "baseline">,
): PlanComparison {
  const base = plan.baseline;
  const gain = base ? plan.objective - base.objective : null;
  return {
    method: plan.method,
    objective: plan.objective,
    baselineObjective: base?.objective ?? null,
    gain,
    gainShare: base && base.objective > 0 && gain !== null ? gain / base.objective : null,
    demandMet: plan.priorityWeightedDemandMet,
    baselineDemandMet: base?.priorityWeightedDemandMet ?? null,
  };
}

/** What the user reads after accepting: how many were created, and each refusal with the server's reason. */
export function summariseOutcomes(outcomes: readonly AcceptOutcome[]): string {
  const ok = outcomes.filter((o) => o.ok).length;
  const failed = outcomes.length - ok;
  const made = `${ok} commitment${ok === 1 ? "" : "s"} proposed`;
  return failed ? `${made}; ${failed} refused` : made;
}
