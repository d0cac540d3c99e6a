// Allocation plan: the transportation problem (Hitchcock 1941, "The distribution of a product from several sources
// to numerous localities", J. Math. Phys. 20) over the candidate pairs, solved exactly as a linear program by HiGHS
// (Huangfu & Hall 2018, "Parallelizing the dual revised simplex method", Math. Prog. Comp. 10) through the
// `highs` WebAssembly build (see lp.ts). The model goes in as sparse column arrays, not CPLEX LP text: writing and
// parsing half a million variable names would cost more than the solve.
//
//   variables   x_ij >= 0        amount of offering j given to need i, for candidate pairs only
//   need rows   sum_j x_ij <= q_i   (the quantity still wanted)
//   offer rows  sum_i x_ij <= r_j   (the remaining capacity)
//   maximise    sum_ij s_ij * p_i * x_ij / q_i
//
// where s_ij is the match score (equity is one of its parts, so under-served actors' needs are worth more) and p_i
// the priority weight. x_ij / q_i is the share of need i met, so the objective is "priority-weighted demand met,
// weighted by how well each unit fits". Shares rather than raw amounts, because units differ (euros, laptops,
// hours) and a small need met in full matters as much as a large one. The constraint matrix is totally
// unimodular, so with whole quantities and capacities the simplex optimum assigns whole units.
import type { Priority } from "../schemas/domain";
import { MatchOptionsError, rankOfferingsForNeed, resolveWeights } from "./index";
import type { MatchIndex, MatchWeights } from "./index";
import { defaultWorkers, solveBlocks } from "./lp";
import type { LpBlock } from "./lp";
import { parentPath } from "./taxonomy";

/** How much meeting a need in full is worth, by priority (the same scale as the gap analysis). */
export const PRIORITY_WEIGHTS: Readonly<Record<Priority, number>> = { low: 1, medium: 2, high: 3, critical: 4 };

export const ALLOCATION_DEFAULTS = { candidatesPerNeed: 50 } as const;

export interface AllocationNeed {
  id: string;
  actorId: string;
  category: string;
  title: string;
  priority: Priority;
  /** Quantity still wanted. */
  quantity: number;
}

export interface AllocationOffering {
  id: string;
  actorId: string;
  category: string;
  title: string;
  remaining: number;
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

const EPSILON = 1e-9;

// ---- Problem --------------------------------------------------------------------------------------------------

/** Candidate pairs for every open need in scope: the top `candidatesPerNeed` matches among offerings in scope. */
export function buildAllocationProblem(index: MatchIndex, options: AllocationOptions = {}): AllocationProblem {
  const weights = resolveWeights(options.weights);
  const k = options.candidatesPerNeed ?? ALLOCATION_DEFAULTS.candidatesPerNeed;
  if (!Number.isInteger(k) || k < 1)
    throw new MatchOptionsError(`allocation: candidatesPerNeed must be a positive integer`);
  const actorSet = options.actorIds ? new Set(options.actorIds) : null;
  const prefix = options.categoryPrefix;
  const inScope = (actor: number, category: string) =>
    (!options.region || index.actorRegion[actor] === options.region) &&
    (!prefix || category === prefix || category.startsWith(`${prefix}/`)) &&
    (!actorSet || actorSet.has(index.csr.nodes[actor]!));

  const offeringInScope = new Uint8Array(index.offerings.length);
  const offerings: AllocationOffering[] = [];
  index.offerings.forEach((o, j) => {
    if (!index.offeringAvailable[j] || !inScope(index.offeringActor[j]!, o.category)) return;
    offeringInScope[j] = 1;
    offerings.push({
      id: o.id,
      actorId: o.actorId,
      category: o.category,
      title: o.title,
      remaining: index.remaining[j]!,
    });
  });
  const needs: AllocationNeed[] = [];
  const pairs: AllocationPair[] = [];
  const accept = (j: number) => offeringInScope[j] === 1;
  index.needs.forEach((need, i) => {
    if (!index.needOpen[i] || !inScope(index.needActor[i]!, need.category)) return;
    needs.push({
      id: need.id,
      actorId: need.actorId,
      category: need.category,
      title: need.title,
      priority: need.priority,
      quantity: index.outstanding[i]!,
    });
    for (const pair of rankOfferingsForNeed(index, i, weights, k, accept)) {
      pairs.push({ needId: need.id, offeringId: index.offerings[pair.offering]!.id, score: pair.score });
    }
  });
  index.introductions.release();
  return { needs, offerings, pairs };
}

/** Integer-indexed view of a problem, checked once. */
interface Compiled {
  problem: AllocationProblem;
  pairNeed: Int32Array;
  pairOffering: Int32Array;
  /** Objective coefficient per unit: score * priority weight / quantity. */
  unitValue: Float64Array;
  /** Pair indices grouped by need: byNeed[needStart[i] .. needStart[i + 1]). */
  needStart: Int32Array;
  byNeed: Int32Array;
}

function compile(problem: AllocationProblem): Compiled {
  const needIndex = new Map<string, number>();
  problem.needs.forEach((n, i) => {
    if (needIndex.has(n.id)) throw new MatchOptionsError(`allocation: duplicate need "${n.id}"`);
    if (!(n.quantity > 0) || !Number.isFinite(n.quantity)) {
      throw new MatchOptionsError(`allocation: need "${n.id}" must have a positive quantity`);
    }
    if (!(n.priority in PRIORITY_WEIGHTS))
      throw new MatchOptionsError(`allocation: need "${n.id}" has unknown priority`);
    needIndex.set(n.id, i);
  });
  const offeringIndex = new Map<string, number>();
  problem.offerings.forEach((o, j) => {
    if (offeringIndex.has(o.id)) throw new MatchOptionsError(`allocation: duplicate offering "${o.id}"`);
    if (!(o.remaining >= 0) || !Number.isFinite(o.remaining)) {
      throw new MatchOptionsError(`allocation: offering "${o.id}" must have a non-negative remaining capacity`);
    }
    offeringIndex.set(o.id, j);
  });
  const m = problem.pairs.length;
  const pairNeed = new Int32Array(m);
  const pairOffering = new Int32Array(m);
  const unitValue = new Float64Array(m);
  const needStart = new Int32Array(problem.needs.length + 1);
  problem.pairs.forEach((p, k) => {
    const i = needIndex.get(p.needId);
    const j = offeringIndex.get(p.offeringId);
    if (i === undefined || j === undefined) {
      throw new MatchOptionsError(`allocation: pair ${p.needId} <- ${p.offeringId} names an unknown need or offering`);
    }
    if (!(p.score >= 0 && p.score <= 1)) throw new MatchOptionsError(`allocation: pair scores must lie in [0, 1]`);
    const need = problem.needs[i]!;
    pairNeed[k] = i;
    pairOffering[k] = j;
    unitValue[k] = (p.score * PRIORITY_WEIGHTS[need.priority]) / need.quantity;
    needStart[i + 1]!++;
  });
  for (let i = 0; i < problem.needs.length; i++) needStart[i + 1]! += needStart[i]!;
  const cursor = needStart.slice(0, problem.needs.length);
  const byNeed = new Int32Array(m);
  for (let k = 0; k < m; k++) byNeed[cursor[pairNeed[k]!]!++] = k;
  // A repeated pair would let one match take a need's quantity twice over in the report.
  const last = new Int32Array(problem.offerings.length).fill(-1);
  for (let i = 0; i < problem.needs.length; i++) {
    for (let p = needStart[i]!; p < needStart[i + 1]!; p++) {
      const j = pairOffering[byNeed[p]!]!;
      if (last[j] === i) {
        throw new MatchOptionsError(
          `allocation: duplicate pair ${problem.needs[i]!.id} <- ${problem.offerings[j]!.id}`,
        );
      }
      last[j] = i;
    }
  }
  return { problem, pairNeed, pairOffering, unitValue, needStart, byNeed };
}

// ---- Solvers --------------------------------------------------------------------------------------------------

/** Columns per HiGHS model: small independent blocks are batched up to this size, large ones go alone. */
const BATCH_COLUMNS = 20_000;

/**
 * Independent blocks of the problem: needs and offerings joined by candidate pairs (union-find). The LP separates
 * over them; the dual simplex solves blocks of 100k columns faster one by one than as their union (about 4.5 s
 * against 6-7 s on the 10k benchmark), and separate blocks can go to separate workers. Small blocks are batched so
 * that a map of many tiny clusters does not pay the per-model overhead thousands of times. Returns pair indices
 * per model.
 */
function blocks(c: Compiled, cols: readonly number[]): number[][] {
  const nNeeds = c.problem.needs.length;
  const parent = Int32Array.from({ length: nNeeds + c.problem.offerings.length }, (_, v) => v);
  const find = (v: number): number => {
    while (parent[v] !== v) {
      parent[v] = parent[parent[v]!]!;
      v = parent[v]!;
    }
    return v;
  };
  for (const k of cols) {
    const a = find(c.pairNeed[k]!);
    const b = find(nNeeds + c.pairOffering[k]!);
    if (a !== b) parent[a] = b;
  }
  const groups = new Map<number, number[]>();
  for (const k of cols) {
    const root = find(c.pairNeed[k]!);
    const g = groups.get(root);
    if (g) g.push(k);
    else groups.set(root, [k]);
  }
  const sorted = [...groups.values()].sort((a, b) => b.length - a.length);
  const models: number[][] = [];
  let batch: number[] = [];
  for (const g of sorted) {
    if (g.length >= BATCH_COLUMNS) models.push(g);
    else {
      if (batch.length + g.length > BATCH_COLUMNS) {
        models.push(batch);
        batch = [];
      }
      for (const k of g) batch.push(k);
    }
  }
  if (batch.length > 0) models.push(batch);
  return models;
}

/**
 * One block as a linear program in shares: y_ij = x_ij / q_i, so need rows read sum_j y_ij <= 1 and the objective
 * coefficients are score * priority weight, all of order 1. Scaling columns leaves the vertices where they were
 * (whole units stay whole), but the raw per-unit costs span 1e-5 (a 25,000-euro need) to 4, and in shares the dual
 * simplex needs under half the iterations and lands on the optimum rather than within tolerance of it.
 */
function blockModel(c: Compiled, cols: readonly number[]): LpBlock {
  const { needs, offerings } = c.problem;
  const nNeeds = needs.length;
  const rowOf = new Map<number, number>();
  const rowUpper: number[] = [];
  const row = (key: number, upper: number) => {
    let r = rowOf.get(key);
    if (r === undefined) {
      r = rowUpper.length;
      rowOf.set(key, r);
      rowUpper.push(upper);
    }
    return r;
  };
  const numCols = cols.length;
  const starts = new Int32Array(numCols + 1);
  const indices = new Int32Array(2 * numCols);
  const values = new Float64Array(2 * numCols);
  const colCost = new Float64Array(numCols);
  const colUpper = new Float64Array(numCols);
  for (let x = 0; x < numCols; x++) {
    const k = cols[x]!;
    const i = c.pairNeed[k]!;
    const j = c.pairOffering[k]!;
    const q = needs[i]!.quantity;
    starts[x + 1] = 2 * (x + 1);
    indices[2 * x] = row(i, 1);
    values[2 * x] = 1;
    indices[2 * x + 1] = row(nNeeds + j, offerings[j]!.remaining);
    values[2 * x + 1] = q;
    colCost[x] = c.unitValue[k]! * q;
    colUpper[x] = Math.min(1, offerings[j]!.remaining / q);
  }
  return {
    numCols,
    numRows: rowUpper.length,
    colCost,
    colUpper,
    rowUpper: Float64Array.from(rowUpper),
    starts,
    indices,
    values,
  };
}

export interface SolveOptions {
  /** Worker threads for independent blocks; 1 solves in this thread. Default: up to 2, by available cores. */
  workers?: number;
}

/** The optimal plan for the problem, by linear programming. */
export async function solveAllocation(problem: AllocationProblem, options: SolveOptions = {}): Promise<AllocationPlan> {
  const c = compile(problem);
  const started = performance.now();
  const { needs, offerings } = problem;
  // Pairs worth nothing, or with nothing to give, only slow the solver down.
  const cols: number[] = [];
  for (let k = 0; k < problem.pairs.length; k++) {
    if (
      c.unitValue[k]! > 0 &&
      offerings[c.pairOffering[k]!]!.remaining > EPSILON &&
      needs[c.pairNeed[k]!]!.quantity > 0
    ) {
      cols.push(k);
    }
  }
  const groups = blocks(c, cols);
  const models = groups.map((g) => blockModel(c, g));
  const solutions = await solveBlocks(models, options.workers ?? defaultWorkers());
  const amounts = new Float64Array(problem.pairs.length);
  groups.forEach((g, b) => {
    const { colUpper } = models[b]!;
    const colValue = solutions[b]!;
    for (let x = 0; x < g.length; x++) {
      const k = g[x]!;
      let v = Math.min(Math.max(0, colValue[x]!), colUpper[x]!) * needs[c.pairNeed[k]!]!.quantity;
      // Vertices are whole for whole quantities and capacities; strip the solver's rounding dust.
      const r = Math.round(v);
      if (Math.abs(v - r) <= 1e-7 * Math.max(1, v)) v = r;
      amounts[k] = v;
    }
  });
  const plan = summarise(c, amounts, "lp", groups.length > 0 ? "optimal" : "empty", performance.now() - started);
  plan.stats.models = groups.length;
  return plan;
}

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
      if (want <= EPSILON) break;
      const j = c.pairOffering[k]!;
      const take = Math.min(want, left[j]!);
      if (take <= EPSILON || pairs[k]!.score <= 0) continue;
      amounts[k] = take;
      left[j]! -= take;
      want -= take;
    }
  }
  return summarise(c, amounts, "greedy", "heuristic", performance.now() - started);
}

/** Candidate pairs from the index, the optimal plan, and the greedy baseline's figures for comparison. */
export async function planAllocation(
  index: MatchIndex,
  options: AllocationOptions & SolveOptions = {},
): Promise<AllocationPlan> {
  const problem = buildAllocationProblem(index, options);
  const plan = await solveAllocation(problem, options);
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

// ---- Report ---------------------------------------------------------------------------------------------------

function summarise(
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
    if (amount <= EPSILON) continue;
    const value = c.unitValue[k]! * amount;
    assigned[i]! += amount;
    objective += value;
    totalAssigned += amount;
    assignments.push({
      needId: pairs[k]!.needId,
      offeringId: pairs[k]!.offeringId,
      amount,
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
    else if (assigned[i]! > EPSILON) partially++;
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
      assigned: assigned[i]!,
      shortfall,
    };
    if (candidates[i] === 0) {
      unmet.push({
        ...base,
        reason: "no_candidates",
        explanation: "No available offering fits it: none in a related category, within reach and still valid.",
      });
    } else if (assigned[i]! <= EPSILON) {
      unmet.push({
        ...base,
        reason: "capacity_taken",
        explanation: `All ${candidates[i]} candidate offerings are used by needs that weigh more or fit better.`,
      });
    } else {
      unmet.push({
        ...base,
        reason: "partially_met",
        explanation: `${fmt(assigned[i]!)} of ${fmt(need.quantity)} assigned; its other candidates have no capacity left.`,
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
