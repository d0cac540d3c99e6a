// The greedy baseline the optimal plan is compared with: what a person filling needs one by one would do.
import { AMOUNT_EPSILON } from "../../domain/commitments";
import { PRIORITY_WEIGHTS } from "../../domain/priority";
import { compile } from "./problem";
import { summarise } from "./report";
import type { AllocationPlan, AllocationProblem } from "./types";

/** The baseline: needs by priority (then by best score) each take their best candidates while capacity lasts. */
export function greedyAllocation(problem: AllocationProblem): AllocationPlan {
  const c = compile(problem);
  const started = performance.now();
  const { needs, offerings, pairs } = problem;
  const ranked: number[][] = needs.map((_, i) => {
    const list = Array.from(c.byNeed.subarray(c.needStart[i]!, c.needStart[i + 1]!));
    return list.sort((a, b) => pairs[b]!.score - pairs[a]!.score || c.pairOffering[a]! - c.pairOffering[b]!);
  });
  const best = Float64Array.from(ranked, (list) => (list.length > 0 ? pairs[list[0]!]!.score : 0));
  const order = needs.map((_, i) => i);
  order.sort(
    (a, b) =>
      PRIORITY_WEIGHTS[needs[b]!.priority] - PRIORITY_WEIGHTS[needs[a]!.priority] || best[b]! - best[a]! || a - b,
  );
  const left = Float64Array.from(offerings, (o) => o.remaining);
  const amounts = new Float64Array(pairs.length);
  for (const i of order) {
    let want = needs[i]!.quantity;
    for (const k of ranked[i]!) {
      if (want <= AMOUNT_EPSILON) break;
      const j = c.pairOffering[k]!;
      const take = Math.min(want, left[j]!);
      if (take <= AMOUNT_EPSILON || pairs[k]!.score <= 0) continue;
      amounts[k] = take;
      left[j]! -= take;
      want -= take;
    }
  }
  return summarise(c, amounts, "greedy", "heuristic", performance.now() - started);
}
