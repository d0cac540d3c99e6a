// The optimal allocation plan: the transportation problem (Hitchcock 1941, "The distribution of a product from several sources
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
//
// The problem separates into independent blocks, each one HiGHS model, solved in this thread or in worker
// threads (lp.ts).
import { AMOUNT_EPSILON } from "../../domain/commitments";
import { defaultWorkers, solveBlocks } from "../lp";
import type { LpBlock } from "../lp-block";
import type { Compiled } from "./problem";
import { compile } from "./problem";
import { summarise } from "./report";
import type { AllocationPlan, AllocationProblem, SolveOptions } from "./types";

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
      offerings[c.pairOffering[k]!]!.remaining > AMOUNT_EPSILON &&
      needs[c.pairNeed[k]!]!.quantity > 0
    ) {
      cols.push(k);
    }
  }
  const groups = blocks(c, cols);
  const models = groups.map((g) => blockModel(c, g));
  const solutions = await solveBlocks(models, options.workers ?? defaultWorkers(), undefined, {
    signal: options.signal,
    isolate: options.isolate,
    onBlock: options.onProgress && ((done, total) => options.onProgress!(done / total)),
  });
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
