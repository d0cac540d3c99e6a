import { describe, expect, it } from "vitest";
import { analyzeGaps, supplyAndDemand, underServedWeights } from "../../server/analysis";
import type { EcosystemData, GapActor, GapNeed, GapOffering } from "../../server/analysis";
import { Competition, NeedNodes } from "../../server/analysis/gaps-coverage";

// On the equator one degree of longitude is 6371.0088 * pi / 180 = 111.19508 km.
const KM_PER_DEGREE = (6371.0088 * Math.PI) / 180;
const asOf = "2025-06-01";
const at = (lon: number) => ({ lat: 0, lon, region: "East" });
const school = (id: string, lon: number): GapActor => ({ id, name: id, type: "school", location: at(lon) });
const offering = (o: Partial<GapOffering> & Pick<GapOffering, "id" | "actorId" | "capacity">): GapOffering => ({
  title: o.id,
  category: "technology/devices",
  unit: "devices",
  modality: "in_person",
  status: "available",
  ...o,
});
const need = (n: Partial<GapNeed> & Pick<GapNeed, "id" | "actorId" | "quantity">): GapNeed => ({
  title: n.id,
  category: "technology/devices",
  unit: "devices",
  priority: "high",
  status: "open",
  ...n,
});

// Two schools 11 km either side of a business offering 25 laptops within 30 km; a third far away, covered by its
// own neighbour's 10 devices; a fourth that has recorded no need. No ties anywhere, so support and network are 1
// for every school and only needs and distance tell them apart.
const shared: EcosystemData = {
  actors: [
    school("alder", 0),
    school("birch", 0.2),
    school("cedar", 5),
    school("dune", 0.1),
    { id: "tech", name: "Tech", type: "business", location: at(0.1) },
    { id: "far", name: "Far", type: "business", location: at(5) },
  ],
  needs: [
    need({ id: "a", actorId: "alder", quantity: 30 }),
    need({ id: "b", actorId: "birch", quantity: 20 }),
    need({ id: "c", actorId: "cedar", quantity: 10 }),
  ],
  offerings: [
    offering({ id: "laptops", actorId: "tech", capacity: 25, reachKm: 30 }),
    offering({ id: "tablets", actorId: "far", capacity: 10, reachKm: 10 }),
  ],
  categories: [{ id: "technology/devices", name: "Devices" }],
};

describe("quantity-aware coverage", () => {
  const gaps = analyzeGaps(shared, { asOf });
  const byId = Object.fromEntries(gaps.underServed.map((u) => [u.actorId, u]));
  const coverage = Object.fromEntries(gaps.coverage.map((c) => [c.needId, c]));

  it("shares an offering's capacity among the needs it reaches, in proportion to what each needs", () => {
    // 25 laptops reach alder (30) and birch (20): shares 25*30/50 = 15 and 25*20/50 = 10.
    expect(coverage.a).toMatchObject({ outstanding: 30, withinReach: 25, uncovered: 15, unit: "devices" });
    expect(coverage.a!.covered).toBeCloseTo(15, 12);
    expect(coverage.b!.covered).toBeCloseTo(10, 12);
    // cedar's own neighbour (0 km) has 10 tablets for its 10: covered in full.
    expect(coverage.c).toMatchObject({ outstanding: 10, withinReach: 10, covered: 10, uncovered: 0 });
    // Something reaches every need, so nothing is unmet, yet two schools are short.
    expect(gaps.unmetNeeds).toEqual([]);
  });

  it("shows the shortfall in units and ranks the short school above the covered one", () => {
    expect(byId.alder!.reasons[0]).toBe(
      "30 devices needed for Devices (high), at most 25 devices within reach, shared with 1 other school: " +
        "15 devices short",
    );
    expect(byId.alder).toMatchObject({ status: "short", shortNeeds: 1, unmetNeeds: 0 });
    // alder: U = 3 (high) x 15/30 = 1.5, needs 1.5 / (1.5 + 4) = 3/11; support 1; distance 11.12/50; network 1.
    const distance = (0.1 * KM_PER_DEGREE) / 50;
    expect(byId.alder!.components).toMatchObject({ support: 1, network: 1 });
    expect(byId.alder!.components.needs).toBeCloseTo(3 / 11, 12);
    expect(byId.alder!.score).toBeCloseTo(0.4 * (3 / 11) + 0.2 + 0.2 * distance + 0.2, 12);
    // cedar: needs 0, distance 0 (its neighbour sits on it): 0.2 + 0.2 = 0.4.
    expect(byId.cedar).toMatchObject({
      status: "covered",
      shortNeeds: 0,
      reasons: ["no support ties", "isolated: no ties to other actors"],
    });
    expect(byId.cedar!.score).toBeCloseTo(0.4, 12);
    expect(byId.cedar!.notes).toEqual(["its open need is covered in full by offerings within reach"]);
    // alder and birch (15/30 and 10/20 short, both high, both 11 km away) tie; by id after that.
    expect(gaps.underServed.map((u) => u.actorId)).toEqual(["alder", "birch", "cedar"]);
  });

  it("does not rank a school with no recorded need: it is unknown", () => {
    expect(byId.dune).toBeUndefined();
    expect(gaps.unknown).toEqual([
      { actorId: "dune", name: "dune", type: "school", region: "East", status: "unknown", supportTies: 0, degree: 0 },
    ]);
  });

  it("pools offerings that reach everyone and shares them the same way", () => {
    // 60 remote hours for three needs of 50, 30 and 20 hours: shares 60 * 50/100 = 30, 18 and 12.
    const pooled: EcosystemData = {
      actors: [school("p", 0), school("q", 1), school("r", 2), { id: "u", name: "U", type: "university" }],
      needs: [
        need({ id: "p1", actorId: "p", quantity: 50, category: "mentoring", unit: "hours" }),
        need({ id: "q1", actorId: "q", quantity: 30, category: "mentoring", unit: "hours" }),
        need({ id: "r1", actorId: "r", quantity: 20, category: "mentoring", unit: "hours" }),
      ],
      offerings: [
        offering({ id: "m1", actorId: "u", capacity: 40, category: "mentoring", unit: "hours", modality: "remote" }),
        offering({ id: "m2", actorId: "u", capacity: 20, category: "mentoring", unit: "hours", modality: "both" }),
      ],
    };
    const result = analyzeGaps(pooled, { asOf });
    expect(result.coverage.map((c) => [c.needId, c.withinReach, Math.round(c.covered * 1e9) / 1e9])).toEqual([
      ["p1", 60, 30],
      ["q1", 60, 18],
      ["r1", 60, 12],
    ]);
    const p = result.underServed.find((u) => u.actorId === "p")!;
    expect(p.reasons[0]).toBe(
      "50 hours needed for mentoring (high), at most 60 hours within reach, shared with 2 other schools: 20 hours short",
    );
  });
});

describe("what is not supply", () => {
  it("leaves out an offering that starts next year, as supply and as coverage", () => {
    const later: EcosystemData = {
      ...shared,
      offerings: [offering({ id: "next", actorId: "tech", capacity: 25, reachKm: 30, validFrom: "2026-01-01" })],
    };
    const now = analyzeGaps(later, { asOf });
    expect(now.coverage.find((c) => c.needId === "a")).toMatchObject({ withinReach: 0, covered: 0, uncovered: 30 });
    expect(now.unmetNeeds.map((u) => u.needId)).toEqual(["a", "b", "c"]);
    const devices = now.supplyDemand.byCategory.find((r) => r.category === "technology/devices")!;
    // Demand 30 + 20 + 10 = 60 devices against no supply.
    expect(devices).toMatchObject({ unit: "devices", demand: 60, supply: 0, shortfall: 60, offerings: 0 });
    // Once the day comes, it is supply again: 25 devices, shared 15 / 10 as above.
    const then = analyzeGaps(later, { asOf: "2026-02-01" });
    expect(then.coverage.find((c) => c.needId === "a")!.covered).toBeCloseTo(15, 12);
  });

  it("gives no coverage from a sibling category or another unit, and says so", () => {
    const misfits: EcosystemData = {
      ...shared,
      offerings: [
        // A neighbouring category in the same unit, reaching everyone.
        offering({ id: "wifi", actorId: "tech", capacity: 100, category: "technology/connectivity" }),
        // The right category, counted in hours.
        offering({ id: "repair", actorId: "tech", capacity: 100, unit: "hours" }),
      ],
    };
    const result = analyzeGaps(misfits, { asOf });
    for (const c of result.coverage) expect(c.covered).toBe(0);
    expect(result.unmetNeeds.find((u) => u.needId === "a")).toMatchObject({
      code: "no_offering",
      candidates: 0,
      reason: "no available offering of devices in Devices or a related category (1 offering counted in another unit)",
    });
  });

  it("counts capacity already committed as gone", () => {
    const committed: EcosystemData = {
      ...shared,
      offerings: [offering({ id: "laptops", actorId: "tech", capacity: 25, committed: 20, reachKm: 30 })],
    };
    // 5 left, shared 3 / 2 between alder (30) and birch (20).
    const a = analyzeGaps(committed, { asOf }).coverage.find((c) => c.needId === "a")!;
    expect(a.withinReach).toBe(5);
    expect(a.covered).toBeCloseTo(3, 12);
    // When those 20 went to alder itself, it still asks for 30 - 20 = 10: shares 5*10/30 and 5*20/30 for birch.
    const own = analyzeGaps(
      { ...committed, needs: committed.needs.map((n) => (n.id === "a" ? { ...n, covered: 20 } : n)) },
      { asOf },
    ).coverage;
    expect(own[0]).toMatchObject({ needId: "a", outstanding: 10, withinReach: 5 });
    expect(own[0]!.covered).toBeCloseTo(5 / 3, 12);
    expect(own[1]!.covered).toBeCloseTo(10 / 3, 12);
  });
});

describe("supply and demand in units", () => {
  it("never adds dollars to meals, even when rolling up to a shared parent", () => {
    const data: EcosystemData = {
      actors: [school("s", 0), { id: "f", name: "F", type: "funder", location: at(0) }],
      needs: [
        need({ id: "lunch", actorId: "s", quantity: 100, category: "wellbeing/nutrition", unit: "meals" }),
        need({ id: "talks", actorId: "s", quantity: 300, category: "wellbeing/counselling", unit: "USD" }),
      ],
      offerings: [
        offering({ id: "grant", actorId: "f", capacity: 500, category: "wellbeing/counselling", unit: "USD" }),
        offering({ id: "food", actorId: "f", capacity: 40, category: "wellbeing/nutrition", unit: "meals" }),
      ],
    };
    const rows = supplyAndDemand(data, { asOf }).byCategory.map((r) => [r.category, r.unit, r.demand, r.supply]);
    // wellbeing gets one row in meals (100 asked, 40 given) and one in USD (300 asked, 500 given).
    expect(rows).toEqual([
      ["wellbeing", "meals", 100, 40],
      ["wellbeing/nutrition", "meals", 100, 40],
      ["wellbeing", "USD", 300, 500],
      ["wellbeing/counselling", "USD", 300, 500],
    ]);
  });
});

describe("under-served weights", () => {
  it("fills in defaults, echoes them, and refuses bad ones", () => {
    expect(analyzeGaps(shared, { asOf, weights: { needs: 1, network: 0 } }).weights).toEqual({
      needs: 1,
      support: 0.2,
      distance: 0.2,
      network: 0,
    });
    expect(() => underServedWeights({ needs: -1 })).toThrow("gaps: weight needs must be a number >= 0");
    expect(() => underServedWeights({ needs: 0, support: 0, distance: 0, network: 0 })).toThrow("positive sum");
  });

  it("scores the needs component alone when the others weigh nothing", () => {
    const scores = analyzeGaps(shared, {
      asOf,
      weights: { needs: 1, support: 0, distance: 0, network: 0 },
    }).underServed.map((u) => [u.actorId, u.score]);
    // alder and birch 3/11 (see above), cedar covered: 0.
    expect(scores.map(([id]) => id)).toEqual(["alder", "birch", "cedar"]);
    expect(scores[0]![1]).toBeCloseTo(3 / 11, 12);
    expect(scores[1]![1]).toBeCloseTo(3 / 11, 12);
    expect(scores[2]![1]).toBe(0);
  });
});

describe("competition for the offerings within reach", () => {
  // Nodes: 0 pools offerings reaching needs 0 (alder), 1 (birch), 2 (birch) and 3 (cedar, a library);
  // 1 is an offering reaching needs 0 and 4 (dune). Need 2 asks for nothing more, so birch competes through need 1.
  const edges = new NeedNodes();
  for (const nodes of [[0, 1], [0], [0], [0], [1]]) edges.add(nodes);
  const actors = ["alder", "birch", "birch", "cedar", "dune"];
  const kind = (id: string) => (id === "cedar" ? "library" : "school");
  const outstanding = [30, 20, 0, 10, 5];

  it("counts the other actors exactly, with their type when they share one", () => {
    const exact = new Competition(edges, 2, actors, kind, outstanding);
    // alder meets birch and cedar on node 0 and dune on node 1: 3 others, of two types.
    expect(exact.others(0)).toEqual({ count: 3, kind: undefined, atLeast: false });
    // dune meets alder alone on node 1.
    expect(exact.others(4)).toEqual({ count: 1, kind: "school", atLeast: false });
  });

  it("falls back to the busiest node's actors, as a lower bound, past the exact limit", () => {
    // alder's nodes hold 4 + 2 = 6 entries; with a limit of 5 the count is node 0's 3 actors less alder: 2.
    const bounded = new Competition(edges, 2, actors, kind, outstanding, 5);
    expect(bounded.others(0)).toEqual({ count: 2, kind: undefined, atLeast: true });
  });
});
