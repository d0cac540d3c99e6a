import { describe, expect, it } from "vitest";
import { createRng } from "../../server/analysis/random";
import {
  buildAllocationProblem,
  greedyAllocation,
  planAllocation,
  solveAllocation,
} from "../../server/matching/allocation";
import type { AllocationPlan, AllocationProblem } from "../../server/matching/allocation";
import { buildMatchIndex, MatchOptionsError } from "../../server/matching";
import { PRIORITY_WEIGHTS } from "../../server/domain/priority";
import { solveBlocks } from "../../server/matching/lp";
import type { LpBlock } from "../../server/matching/lp";
import type { Priority } from "../../server/schemas/domain";
import { indexOptions, offering as fixtureOffering, snapshot } from "./fixtures";

const PRIORITIES: Priority[] = ["low", "medium", "high", "critical"];

const need = (id: string, priority: Priority, quantity: number, category = "technology/devices") => ({
  id,
  actorId: `actor-${id}`,
  category,
  title: id,
  priority,
  quantity,
  unit: "devices",
});
const offering = (id: string, remaining: number) => ({
  id,
  actorId: `actor-${id}`,
  category: "technology",
  title: id,
  remaining,
  unit: "devices",
});

/** A random instance with whole quantities, so the optimum is reached by whole amounts (total unimodularity). */
function randomProblem(seed: number): AllocationProblem {
  const rng = createRng(seed);
  const nNeeds = 3 + Math.floor(rng() * 3);
  const nOfferings = 3 + Math.floor(rng() * 2);
  const needs = Array.from({ length: nNeeds }, (_, i) =>
    need(`n${i}`, PRIORITIES[Math.floor(rng() * 4)]!, 1 + Math.floor(rng() * 3)),
  );
  const offerings = Array.from({ length: nOfferings }, (_, j) => offering(`o${j}`, Math.floor(rng() * 4)));
  const pairs: AllocationProblem["pairs"] = [];
  for (const n of needs) {
    for (const o of offerings) {
      if (rng() < 0.55)
        pairs.push({ needId: n.id, offeringId: o.id, score: Math.round((0.05 + rng() * 0.95) * 100) / 100 });
    }
  }
  return { needs, offerings, pairs };
}

/** The best objective over every whole-unit allocation, by exhaustive depth-first search. */
function bruteForce(problem: AllocationProblem): number {
  const qLeft = new Map(problem.needs.map((n) => [n.id, n.quantity]));
  const rLeft = new Map(problem.offerings.map((o) => [o.id, o.remaining]));
  const needById = new Map(problem.needs.map((n) => [n.id, n]));
  let best = 0;
  const visit = (k: number, value: number) => {
    if (k === problem.pairs.length) {
      best = Math.max(best, value);
      return;
    }
    const p = problem.pairs[k]!;
    const n = needById.get(p.needId)!;
    const most = Math.min(qLeft.get(p.needId)!, rLeft.get(p.offeringId)!);
    for (let x = 0; x <= most; x++) {
      qLeft.set(p.needId, qLeft.get(p.needId)! - x);
      rLeft.set(p.offeringId, rLeft.get(p.offeringId)! - x);
      visit(k + 1, value + (p.score * PRIORITY_WEIGHTS[n.priority] * x) / n.quantity);
      qLeft.set(p.needId, qLeft.get(p.needId)! + x);
      rLeft.set(p.offeringId, rLeft.get(p.offeringId)! + x);
    }
  };
  visit(0, 0);
  return best;
}

function expectFeasible(problem: AllocationProblem, plan: AllocationPlan) {
  const byNeed = new Map<string, number>();
  const byOffering = new Map<string, number>();
  for (const a of plan.assignments) {
    expect(a.amount).toBeGreaterThan(0);
    byNeed.set(a.needId, (byNeed.get(a.needId) ?? 0) + a.amount);
    byOffering.set(a.offeringId, (byOffering.get(a.offeringId) ?? 0) + a.amount);
    expect(problem.pairs.some((p) => p.needId === a.needId && p.offeringId === a.offeringId)).toBe(true);
  }
  for (const n of problem.needs) expect(byNeed.get(n.id) ?? 0).toBeLessThanOrEqual(n.quantity + 1e-9);
  for (const o of problem.offerings) expect(byOffering.get(o.id) ?? 0).toBeLessThanOrEqual(o.remaining + 1e-9);
}

describe("solveAllocation", () => {
  it("equals the brute-force optimum on small random instances, in whole units", async () => {
    let greedyBehind = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const problem = randomProblem(seed);
      const plan = await solveAllocation(problem);
      expectFeasible(problem, plan);
      expect(plan.objective, `seed ${seed}`).toBeCloseTo(bruteForce(problem), 9);
      for (const a of plan.assignments) expect(Number.isInteger(a.amount)).toBe(true);
      const greedy = greedyAllocation(problem);
      expectFeasible(problem, greedy);
      expect(greedy.objective).toBeLessThanOrEqual(plan.objective + 1e-9);
      if (greedy.objective < plan.objective - 1e-9) greedyBehind++;
    }
    // Not a property, a sanity check that the instances are hard enough to separate the two.
    expect(greedyBehind).toBeGreaterThan(0);
  });

  it("beats the greedy baseline where the first need's best candidate is another need's only one", async () => {
    const problem: AllocationProblem = {
      needs: [need("a", "critical", 10), need("b", "low", 10)],
      offerings: [offering("x", 10), offering("y", 10)],
      pairs: [
        { needId: "a", offeringId: "x", score: 0.9 },
        { needId: "a", offeringId: "y", score: 0.8 },
        { needId: "b", offeringId: "x", score: 0.9 },
      ],
    };
    const greedy = greedyAllocation(problem);
    const lp = await solveAllocation(problem);
    // Greedy: a takes x (0.9 * 4), b is left with nothing. LP: a takes y (0.8 * 4), b takes x (0.9 * 1).
    expect(greedy.objective).toBeCloseTo(3.6, 12);
    expect(lp.objective).toBeCloseTo(4.1, 9);
    expect(lp.assignments.map((a) => [a.needId, a.offeringId, a.amount])).toEqual([
      ["a", "y", 10],
      ["b", "x", 10],
    ]);
    expect(lp.unmet).toEqual([]);
    expect(greedy.unmet.map((u) => [u.needId, u.reason])).toEqual([["b", "capacity_taken"]]);
    expect(lp.priorityWeightedDemandMet).toBe(1);
    expect(greedy.priorityWeightedDemandMet).toBeCloseTo(4 / 5, 12);
  });

  it("reports unmet needs with their reason and the share met by category, rolled up", async () => {
    const problem: AllocationProblem = {
      needs: [
        need("a", "critical", 10),
        need("b", "low", 10),
        need("c", "medium", 5, "funding"),
        need("d", "high", 10, "technology/software"),
      ],
      offerings: [offering("x", 10), offering("y", 4)],
      pairs: [
        { needId: "a", offeringId: "x", score: 0.9 },
        { needId: "b", offeringId: "x", score: 0.5 },
        { needId: "d", offeringId: "y", score: 0.8 },
      ],
    };
    const plan = await solveAllocation(problem);
    expect(plan.objective).toBeCloseTo(0.9 * 4 + (0.8 * 3 * 4) / 10, 9);
    expect(plan.maxObjective).toBe(10);
    expect(plan.priorityWeightedDemandMet).toBeCloseTo((4 + 3 * 0.4) / 10, 12);
    expect(plan.totalAssigned).toBe(14);
    expect([plan.needsFullyMet, plan.needsPartiallyMet, plan.needsUnmet]).toEqual([1, 1, 2]);
    expect(plan.unmet.map((u) => [u.needId, u.reason, u.assigned, u.shortfall])).toEqual([
      ["d", "partially_met", 4, 6],
      ["c", "no_candidates", 0, 5],
      ["b", "capacity_taken", 0, 10],
    ]);
    expect(plan.unmet[0]!.explanation).toBe(
      "4 of 10 devices assigned, 6 devices short; no other fitting offering has capacity left.",
    );
    const technology = plan.byCategory.find((c) => c.category === "technology")!;
    expect(technology.needs).toBe(3);
    expect(technology.fullyMet).toBe(1);
    expect(technology.shareMet).toBeCloseTo(1.4 / 3, 12);
    expect(technology.priorityWeightedShareMet).toBeCloseTo(5.2 / 8, 12);
    expect(plan.byCategory.map((c) => c.category)).toEqual([
      "funding",
      "technology",
      "technology/devices",
      "technology/software",
    ]);
  });

  it("plans nothing, without calling the solver, when there is nothing to give", async () => {
    const plan = await solveAllocation({
      needs: [need("a", "high", 3)],
      offerings: [offering("x", 0)],
      pairs: [{ needId: "a", offeringId: "x", score: 1 }],
    });
    expect(plan.assignments).toEqual([]);
    expect(plan.stats.status).toBe("empty");
    expect(plan.unmet[0]!.reason).toBe("capacity_taken");
  });

  it("refuses malformed problems", async () => {
    const base = { needs: [need("a", "high", 3)], offerings: [offering("x", 2)] };
    await expect(solveAllocation({ ...base, pairs: [{ needId: "a", offeringId: "zz", score: 1 }] })).rejects.toThrow(
      MatchOptionsError,
    );
    await expect(solveAllocation({ ...base, pairs: [{ needId: "a", offeringId: "x", score: 1.5 }] })).rejects.toThrow(
      /scores must lie in \[0, 1\]/,
    );
    const twice = { needId: "a", offeringId: "x", score: 1 };
    expect(() => greedyAllocation({ ...base, pairs: [twice, twice] })).toThrow(/duplicate pair/);
  });
});

describe("planAllocation on the sample-like map", () => {
  const index = buildMatchIndex(snapshot, indexOptions);

  it("meets at least as much priority-weighted demand as greedy, within every capacity", async () => {
    const plan = await planAllocation(index);
    expect(plan.baseline!.method).toBe("greedy");
    expect(plan.objective).toBeGreaterThanOrEqual(plan.baseline!.objective - 1e-9);
    const problem = buildAllocationProblem(index);
    expectFeasible(problem, plan);
    const laptops = plan.assignments.filter((a) => a.offeringId === "o-laptops").reduce((s, a) => s + a.amount, 0);
    expect(laptops).toBeLessThanOrEqual(40);
    expect(plan.assignments.find((a) => a.needId === "n-devices")!.offeringId).toBe("o-laptops");
    // Closed and met needs are not demand; own offerings are never candidates.
    expect(problem.needs.map((n) => n.id)).not.toContain("n-closed");
    expect(problem.pairs.some((p) => p.offeringId === "o-own" && p.needId === "n-devices")).toBe(false);
  });

  it("narrows the plan to a category, a region or a set of actors", () => {
    const tech = buildAllocationProblem(index, { categoryPrefix: "technology" });
    expect(tech.needs.map((n) => n.id)).toEqual(["n-devices", "n-town-devices"]);
    expect(tech.offerings.every((o) => o.category.startsWith("technology"))).toBe(true);

    const northgate = buildAllocationProblem(index, { region: "Northgate" });
    expect(northgate.needs.map((n) => n.id)).toEqual(["n-arts-stem", "n-stem-arts"]);
    expect(northgate.pairs.map((p) => `${p.needId}<-${p.offeringId}`)).toEqual([
      "n-arts-stem<-o-stem-mentoring",
      "n-stem-arts<-o-arts-workshops",
    ]);

    const two = buildAllocationProblem(index, { actorIds: ["town", "techhub"] });
    expect(two.needs.map((n) => n.id)).toEqual(["n-town-devices"]);
    // The helpdesk (a technology offering in hours) is no candidate for a need in devices.
    expect(new Set(two.pairs.map((p) => p.offeringId))).toEqual(new Set(["o-tablets", "o-chromebooks"]));
  });

  it("never assigns across units or to a category that does not fit", async () => {
    // A school needs 30 devices; a refurbisher 10 km away has 25 devices; a fund offers 5 broadband vouchers
    // ("items", a general technology offering) and a neighbour 2 km away 40 devices filed under connectivity.
    const at = (lat: number) => ({ lat, lon: 5, region: "R" });
    const map = {
      actors: [
        { id: "school", name: "School", type: "school" as const, location: at(52) },
        { id: "refurb", name: "Refurbisher", type: "business" as const, location: at(52.09) },
        { id: "fund", name: "Fund", type: "funder" as const, location: at(52.01) },
        { id: "isp", name: "Provider", type: "business" as const, location: at(52.02) },
      ],
      relationships: [],
      needs: [
        {
          id: "laptops",
          actorId: "school",
          category: "technology/devices",
          title: "Laptops",
          quantity: 30,
          unit: "devices",
          priority: "high" as const,
          status: "open" as const,
        },
      ],
      offerings: [
        fixtureOffering({
          id: "refurbished",
          actorId: "refurb",
          category: "technology/devices",
          title: "Laptops",
          capacity: 25,
          reachKm: 20,
        }),
        fixtureOffering({
          id: "vouchers",
          actorId: "fund",
          category: "technology",
          title: "Broadband vouchers",
          capacity: 5,
          unit: "items",
        }),
        fixtureOffering({
          id: "routers",
          actorId: "isp",
          category: "technology/connectivity",
          title: "Routers",
          capacity: 40,
          unit: "devices",
        }),
      ],
    };
    const small = buildMatchIndex(map, { today: "2025-03-01" });
    const plan = await planAllocation(small);
    // Only the refurbisher fits: 25 of 30 devices, 5 short.
    expect(plan.assignments.map((a) => [a.needId, a.offeringId, a.amount, a.unit])).toEqual([
      ["laptops", "refurbished", 25, "devices"],
    ]);
    expect(plan.unmet.map((u) => [u.needId, u.reason, u.assigned, u.shortfall, u.unit])).toEqual([
      ["laptops", "partially_met", 25, 5, "devices"],
    ]);
    expect(plan.unmet[0]!.explanation).toBe(
      "25 of 30 devices assigned, 5 devices short; no other fitting offering has capacity left.",
    );
    // A hand-made pair across units is refused outright.
    const problem = buildAllocationProblem(small);
    const crossing = {
      ...problem,
      offerings: [...problem.offerings],
      pairs: [...problem.pairs, { needId: "laptops", offeringId: "vouchers", score: 1 }],
    };
    expect(() => greedyAllocation(crossing)).toThrow(/crosses units \(devices <- items\)/);
  });

  it("refuses a bad candidate count", () => {
    expect(() => buildAllocationProblem(index, { candidatesPerNeed: 0 })).toThrow(MatchOptionsError);
  });
});

describe("solveBlocks", () => {
  it("gives the same solutions in worker threads as in this thread", async () => {
    const problems = [randomProblem(101), randomProblem(102), randomProblem(103)];
    const plans = await Promise.all(problems.map((p) => solveAllocation(p, { workers: 1 })));
    // Each problem as one block: maximise sum c x, x <= u, one row per need and per offering.
    const blocks: LpBlock[] = problems.map((p) => {
      const rows = new Map<string, number>();
      p.needs.forEach((n, i) => rows.set(`n:${n.id}`, i));
      p.offerings.forEach((o, j) => rows.set(`o:${o.id}`, p.needs.length + j));
      const quantity = new Map(p.needs.map((n) => [n.id, n]));
      return {
        numCols: p.pairs.length,
        numRows: rows.size,
        colCost: Float64Array.from(p.pairs, (x) => {
          const n = quantity.get(x.needId)!;
          return (x.score * PRIORITY_WEIGHTS[n.priority]) / n.quantity;
        }),
        colUpper: Float64Array.from(p.pairs, () => Infinity),
        rowUpper: Float64Array.from([...p.needs.map((n) => n.quantity), ...p.offerings.map((o) => o.remaining)]),
        starts: Int32Array.from({ length: p.pairs.length + 1 }, (_, k) => 2 * k),
        indices: Int32Array.from(p.pairs.flatMap((x) => [rows.get(`n:${x.needId}`)!, rows.get(`o:${x.offeringId}`)!])),
        values: new Float64Array(2 * p.pairs.length).fill(1),
      };
    });
    const inThread = await solveBlocks(blocks, 1);
    const inWorkers = await solveBlocks(blocks, 2, 0);
    blocks.forEach((b, i) => {
      // One solver file in both places: the same values to the last bit, not merely the same optimum.
      expect(inWorkers[i]).toEqual(inThread[i]);
      const objective = (x: Float64Array) => x.reduce((s, v, k) => s + v * b.colCost[k]!, 0);
      expect(objective(inWorkers[i]!)).toBeCloseTo(objective(inThread[i]!), 9);
      expect(objective(inWorkers[i]!)).toBeCloseTo(plans[i]!.objective, 9);
    });
  });
});
