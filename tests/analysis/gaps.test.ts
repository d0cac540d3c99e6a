import { describe, expect, it } from "vitest";
import {
  analyzeGaps,
  findUnderServedActors,
  findUnmetNeeds,
  haversineKm,
  supplyAndDemand,
} from "../../server/analysis";
import type { EcosystemData, GapActor, GapNeed, GapOffering } from "../../server/analysis";

// Everyone sits on the equator, where one degree of longitude is 6371.0088 * pi / 180 = 111.19508 km.
const KM_PER_DEGREE = (6371.0088 * Math.PI) / 180;
const on = (lon: number, region: string) => ({ lat: 0, lon, region });

const actors: GapActor[] = [
  { id: "s1", name: "Hill School", type: "school", location: on(0, "North") },
  { id: "s2", name: "Valley School", type: "school", location: on(1, "South") },
  { id: "s3", name: "Lost School", type: "school" },
  { id: "b1", name: "Tech Ltd", type: "business", location: on(0.3, "North") },
  { id: "u1", name: "Uni", type: "university", location: on(0.9, "South") },
  { id: "f1", name: "Fund", type: "funder", location: on(0.5, "North") },
];

const offering = (o: Partial<GapOffering> & Pick<GapOffering, "id" | "actorId" | "category">): GapOffering => ({
  title: o.id,
  capacity: 1,
  modality: "in_person",
  status: "available",
  ...o,
});
const offerings: GapOffering[] = [
  offering({ id: "o1", actorId: "b1", category: "technology/devices", capacity: 50, reachKm: 40 }),
  offering({ id: "o2", actorId: "u1", category: "mentoring", capacity: 100, modality: "remote" }),
  offering({ id: "o3", actorId: "b1", category: "technology", capacity: 10, reachKm: 20, status: "exhausted" }),
  offering({ id: "o4", actorId: "f1", category: "funding", capacity: 5000, modality: "both" }),
  offering({ id: "o5", actorId: "u1", category: "technology/devices", capacity: 20, reachKm: 5 }),
];

const need = (n: Partial<GapNeed> & Pick<GapNeed, "id" | "actorId" | "category">): GapNeed => ({
  title: n.id,
  quantity: 1,
  priority: "medium",
  status: "open",
  ...n,
});
const needs: GapNeed[] = [
  need({ id: "n1", actorId: "s1", category: "technology/devices", quantity: 30, priority: "critical" }),
  need({ id: "n2", actorId: "s2", category: "technology/devices", quantity: 40, priority: "high" }),
  need({ id: "n3", actorId: "s2", category: "mentoring/career", quantity: 10, priority: "medium" }),
  need({ id: "n4", actorId: "s1", category: "technology", quantity: 5, priority: "low" }),
  need({ id: "n5", actorId: "s3", category: "technology/devices", quantity: 10, priority: "critical" }),
  need({ id: "n6", actorId: "s1", category: "wellbeing", quantity: 3, priority: "critical" }),
  need({ id: "n7", actorId: "s2", category: "funding", quantity: 1000, priority: "medium", status: "met" }),
  need({
    id: "n8",
    actorId: "s2",
    category: "technology/devices",
    quantity: 10,
    priority: "low",
    status: "partially_met",
  }),
];

const data: EcosystemData = {
  actors,
  needs,
  offerings,
  categories: [
    { id: "technology", name: "Technology" },
    { id: "technology/devices", name: "Devices" },
    { id: "mentoring", name: "Mentoring" },
    { id: "funding", name: "Funding" },
  ],
  relationships: [
    { from: "f1", to: "s1", type: "funds" },
    { from: "b1", to: "s1", type: "supplies" },
    { from: "u1", to: "s2", type: "partners_with" },
    { from: "b1", to: "s2", type: "refers_to" },
  ],
};

describe("helpers", () => {
  it("measures great-circle distances", () => {
    expect(haversineKm({ lat: 0, lon: 0 }, { lat: 0, lon: 1 })).toBeCloseTo(KM_PER_DEGREE, 9);
    expect(haversineKm({ lat: 90, lon: 0 }, { lat: -90, lon: 0 })).toBeCloseTo(Math.PI * 6371.0088, 6);
    // Paris to London, about 343.5 km.
    expect(haversineKm({ lat: 48.8566, lon: 2.3522 }, { lat: 51.5074, lon: -0.1278 })).toBeCloseTo(343.5, 0);
  });
});

describe("unmet needs", () => {
  const unmet = findUnmetNeeds(data);

  it("lists the open needs nothing reaches, most urgent first", () => {
    // n1 is reached by o1 (33 km, reach 40); n3 by remote mentoring one level up; n4 by o1, a child category;
    // n7 is met. Ties in priority go to the larger quantity.
    expect(unmet.map((u) => u.needId)).toEqual(["n5", "n6", "n2", "n8"]);
  });

  it("explains each one", () => {
    const byId = Object.fromEntries(unmet.map((u) => [u.needId, u]));
    expect(byId.n6).toMatchObject({
      code: "no_offering",
      reason: "no available offering in wellbeing or a related category",
      candidates: 0,
      nearestKm: null,
    });
    expect(byId.n2).toMatchObject({
      code: "out_of_reach",
      reason: "none of 2 in-person Devices offerings is within reach (nearest 11 km away, reach 5.0 km)",
      candidates: 2,
    });
    expect(byId.n2!.nearestKm).toBeCloseTo(0.1 * KM_PER_DEGREE, 6);
    expect(byId.n5).toMatchObject({
      code: "location_unknown",
      reason: "2 in-person offerings in Devices but this actor has no location, so reach cannot be judged",
    });
  });

  it("lets an offering without stated reach serve anyone, and an actor serve itself", () => {
    const open = (o: GapOffering[]) => findUnmetNeeds({ ...data, offerings: o }).map((u) => u.needId);
    const unlimited = offering({ id: "x", actorId: "b1", category: "technology/devices" });
    expect(open([...offerings, unlimited])).toEqual(["n6"]);
    const own = offering({ id: "y", actorId: "s3", category: "technology/devices", reachKm: 1 });
    expect(open([...offerings, own])).toEqual(["n6", "n2", "n8"]);
  });

  it("applies a default reach and validity dates when asked", () => {
    const open = (o: GapOffering[], options = {}) =>
      findUnmetNeeds({ ...data, offerings: o }, options).map((u) => u.needId);
    const wide = offering({ id: "w", actorId: "b1", category: "technology/devices" });
    expect(open([...offerings, wide], { defaultReachKm: 50 })).toEqual(["n5", "n6", "n2", "n8"]);
    expect(open([...offerings, wide], { defaultReachKm: 80 })).toEqual(["n5", "n6"]);
    const expired = offering({ id: "e", actorId: "b1", category: "technology/devices", validUntil: "2024-12-31" });
    expect(open([...offerings, expired], { asOf: "2025-06-01" })).toEqual(["n5", "n6", "n2", "n8"]);
    expect(open([...offerings, expired], { asOf: "2024-06-01" })).toEqual(["n6"]);
  });

  it("falls back to a shared region when coordinates are missing", () => {
    // Schema-valid actors cannot carry a region without coordinates; looser inputs may.
    const regional = [...actors, { id: "r1", name: "R", type: "school", location: { region: "North" } } as GapActor];
    const extra = [need({ id: "rn", actorId: "r1", category: "technology/devices" })];
    const local = offering({ id: "l", actorId: "s1", category: "technology/devices", reachKm: 1 });
    const result = findUnmetNeeds({ ...data, actors: regional, needs: extra, offerings: [local] });
    expect(result).toEqual([]);
  });
});

describe("supply and demand", () => {
  const { byCategory, byRegion } = supplyAndDemand(data);

  it("rolls demand and supply up the taxonomy, largest shortfall first", () => {
    // Demand = quantity x priority weight over open and partially met needs:
    // devices 30*4 + 40*3 + 10*4 + 10*1 = 290; technology adds n4, 5*1; mentoring/career 10*2; wellbeing 3*4.
    // Supply = available capacity: devices 50 + 20; technology the same (o3 is exhausted).
    expect(byCategory.map((c) => [c.category, c.demand, c.supply, c.shortfall])).toEqual([
      ["technology", 295, 70, 225],
      ["technology/devices", 290, 70, 220],
      ["mentoring/career", 20, 0, 20],
      ["wellbeing", 12, 0, 12],
      ["mentoring", 20, 100, 0],
      ["funding", 0, 5000, 0],
    ]);
    const technology = byCategory[0]!;
    expect(technology).toMatchObject({ name: "Technology", parent: null, needs: 5, offerings: 2 });
    expect(technology.ratio).toBeCloseTo(70 / 295, 12);
    expect(byCategory[1]).toMatchObject({ parent: "technology", name: "Devices" });
    expect(byCategory.find((c) => c.category === "funding")!.ratio).toBeNull();
    expect(byCategory.find((c) => c.category === "mentoring")!.ratio).toBe(5);
  });

  it("groups by the holder's region", () => {
    // North: needs 120 + 5 + 12, supply 50 + 5000. South: 120 + 20 + 10 against 100 + 20. s3 has no region.
    expect(byRegion.map((r) => [r.region, r.demand, r.supply, r.shortfall])).toEqual([
      [null, 40, 0, 40],
      ["South", 150, 120, 30],
      ["North", 137, 5050, 0],
    ]);
  });
});

describe("under-served actors", () => {
  const ranked = findUnderServedActors(data);
  const d1 = 0.3 * KM_PER_DEGREE;
  const d2 = 0.1 * KM_PER_DEGREE;

  it("scores schools from unmet needs, support, distance and network position", () => {
    expect(ranked.map((a) => a.actorId)).toEqual(["s3", "s1", "s2"]);
    const [s3, s1, s2] = ranked;

    // s3: one critical need unmet -> 4/(4+4); no support -> 1; distance unknown -> 1; isolated -> 1.
    expect(s3!.components).toEqual({ needs: 0.5, support: 1, distance: 1, network: 1 });
    expect(s3!.score).toBeCloseTo(0.4 * 0.5 + 0.2 + 0.2 + 0.2, 12);

    // s1: n6 unmet (critical); funded and supplied (2 ties); devices 33 km away for n1 and n4, nothing for n6;
    // two neighbours.
    const s1Distance = ((2 * d1) / 50 + 1) / 3;
    expect(s1!.components.needs).toBeCloseTo(0.5, 12);
    expect(s1!.components.support).toBeCloseTo(1 / 3, 12);
    expect(s1!.components.distance).toBeCloseTo(s1Distance, 12);
    expect(s1!.components.network).toBeCloseTo(1 / 3, 12);
    expect(s1!.score).toBeCloseTo(0.4 * 0.5 + 0.2 / 3 + 0.2 * s1Distance + 0.2 / 3, 12);

    // s2: n2 (high) and n8 (low) unmet -> 4/(4+4); one partnership; devices 11 km for n2 and n8, remote mentoring.
    const s2Distance = ((2 * d2) / 50 + 0) / 3;
    expect(s2!.components.support).toBeCloseTo(0.5, 12);
    expect(s2!.components.distance).toBeCloseTo(s2Distance, 12);
    expect(s2!.score).toBeCloseTo(0.4 * 0.5 + 0.2 * 0.5 + 0.2 * s2Distance + 0.2 / 3, 12);
    expect(s2).toMatchObject({ openNeeds: 3, unmetNeeds: 2, supportTies: 1, degree: 2, region: "South" });
  });

  it("says why in words", () => {
    const reasons = Object.fromEntries(ranked.map((a) => [a.actorId, a.reasons]));
    expect(reasons.s3).toEqual([
      "1 critical need unmet",
      "no support ties",
      "no known location, so distances cannot be judged",
      "isolated: no ties to other actors",
    ]);
    expect(reasons.s1).toEqual([
      "1 critical need unmet",
      "nearest Devices offering 33 km away",
      "no wellbeing offering anywhere",
    ]);
    expect(reasons.s2).toEqual([
      "1 high and 1 low needs unmet",
      "no funding ties",
      "nearest Devices offering 11 km away",
    ]);
  });

  it("keeps every score in [0, 1] and honours the options", () => {
    for (const a of ranked) {
      expect(a.score).toBeGreaterThanOrEqual(0);
      expect(a.score).toBeLessThanOrEqual(1);
    }
    const funders = findUnderServedActors(data, { receivingTypes: ["funder", "business"], limit: 1 });
    expect(funders).toHaveLength(1);
    expect(["f1", "b1"]).toContain(funders[0]!.actorId);
    expect(funders[0]!.reasons).toContain("no open needs");
    const needsOnly = findUnderServedActors(data, { weights: { needs: 1, support: 0, distance: 0, network: 0 } });
    expect(needsOnly.map((a) => a.score)).toEqual([0.5, 0.5, 0.5]);
  });

  it("analyzeGaps agrees with the separate functions", () => {
    const all = analyzeGaps(data);
    expect(all.unmetNeeds).toEqual(findUnmetNeeds(data));
    expect(all.supplyDemand).toEqual(supplyAndDemand(data));
    expect(all.underServed).toEqual(ranked);
  });
});
