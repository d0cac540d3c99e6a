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
  unit: "devices",
  modality: "in_person",
  status: "available",
  ...o,
});
const offerings: GapOffering[] = [
  offering({ id: "o1", actorId: "b1", category: "technology/devices", capacity: 50, reachKm: 40 }),
  offering({ id: "o2", actorId: "u1", category: "mentoring", capacity: 100, unit: "hours", modality: "remote" }),
  offering({ id: "o3", actorId: "b1", category: "technology", capacity: 10, reachKm: 20, status: "exhausted" }),
  offering({ id: "o4", actorId: "f1", category: "funding", capacity: 5000, unit: "USD", modality: "both" }),
  offering({ id: "o5", actorId: "u1", category: "technology/devices", capacity: 20, reachKm: 5 }),
];

const need = (n: Partial<GapNeed> & Pick<GapNeed, "id" | "actorId" | "category">): GapNeed => ({
  title: n.id,
  quantity: 1,
  unit: "devices",
  priority: "medium",
  status: "open",
  ...n,
});
const needs: GapNeed[] = [
  need({ id: "n1", actorId: "s1", category: "technology/devices", quantity: 30, priority: "critical" }),
  need({ id: "n2", actorId: "s2", category: "technology/devices", quantity: 40, priority: "high" }),
  need({ id: "n3", actorId: "s2", category: "mentoring/career", quantity: 10, unit: "hours", priority: "medium" }),
  need({ id: "n4", actorId: "s1", category: "technology", quantity: 5, priority: "low" }),
  need({ id: "n5", actorId: "s3", category: "technology/devices", quantity: 10, priority: "critical" }),
  need({ id: "n6", actorId: "s1", category: "wellbeing", quantity: 3, unit: "sessions", priority: "critical" }),
  need({ id: "n7", actorId: "s2", category: "funding", quantity: 1000, unit: "USD", status: "met" }),
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
const asOf = "2025-06-01";

describe("helpers", () => {
  it("measures great-circle distances", () => {
    expect(haversineKm({ lat: 0, lon: 0 }, { lat: 0, lon: 1 })).toBeCloseTo(KM_PER_DEGREE, 9);
    expect(haversineKm({ lat: 90, lon: 0 }, { lat: -90, lon: 0 })).toBeCloseTo(Math.PI * 6371.0088, 6);
    // Paris to London, about 343.5 km.
    expect(haversineKm({ lat: 48.8566, lon: 2.3522 }, { lat: 51.5074, lon: -0.1278 })).toBeCloseTo(343.5, 0);
  });
});

describe("unmet needs", () => {
  const unmet = findUnmetNeeds(data, { asOf });

  it("lists the open needs nothing fitting reaches, most urgent first", () => {
    // n1 is reached by o1 (33 km, reach 40); n3 by remote mentoring one level up; n4 by o1, a more specific
    // category in the same unit; n7 is met. n5 and n6 are both critical: devices sort before sessions.
    expect(unmet.map((u) => u.needId)).toEqual(["n5", "n6", "n2", "n8"]);
  });

  it("explains each one", () => {
    const byId = Object.fromEntries(unmet.map((u) => [u.needId, u]));
    expect(byId.n6).toMatchObject({
      code: "no_offering",
      reason: "no available offering of sessions in wellbeing or a related category",
      candidates: 0,
      nearestKm: null,
      quantity: 3,
      unit: "sessions",
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

  it("lets an offering without stated reach serve anyone, but never its own actor", () => {
    const open = (o: GapOffering[]) => findUnmetNeeds({ ...data, offerings: o }, { asOf }).map((u) => u.needId);
    const unlimited = offering({ id: "x", actorId: "b1", category: "technology/devices" });
    expect(open([...offerings, unlimited])).toEqual(["n6"]);
    // s3's own devices, with or without a reach, leave its need n5 unmet, as matching never proposes them to it.
    const own = offering({ id: "y", actorId: "s3", category: "technology/devices", reachKm: 1 });
    expect(open([...offerings, own])).toEqual(["n5", "n6", "n2", "n8"]);
    const ownRemote = offering({ id: "z", actorId: "s3", category: "technology/devices" });
    // Reaching everyone, it serves n2 and n8 of other schools, still not n5.
    expect(open([...offerings, ownRemote])).toEqual(["n5", "n6"]);
  });

  it("honours validity dates and units", () => {
    const open = (o: GapOffering[], day = asOf) =>
      findUnmetNeeds({ ...data, offerings: o }, { asOf: day }).map((u) => u.needId);
    const expired = offering({ id: "e", actorId: "b1", category: "technology/devices", validUntil: "2024-12-31" });
    expect(open([...offerings, expired])).toEqual(["n5", "n6", "n2", "n8"]);
    expect(open([...offerings, expired], "2024-06-01")).toEqual(["n6"]);
    // Unlimited reach, but counted in hours: no devices need can use it.
    const hours = offering({ id: "h", actorId: "b1", category: "technology/devices", unit: "hours" });
    expect(open([...offerings, hours])).toEqual(["n5", "n6", "n2", "n8"]);
  });

  it("falls back to a shared region when coordinates are missing", () => {
    // Schema-valid actors cannot carry a region without coordinates; looser inputs may.
    const regional = [...actors, { id: "r1", name: "R", type: "school", location: { region: "North" } } as GapActor];
    const extra = [need({ id: "rn", actorId: "r1", category: "technology/devices" })];
    const local = offering({ id: "l", actorId: "s1", category: "technology/devices", reachKm: 1 });
    const result = findUnmetNeeds({ ...data, actors: regional, needs: extra, offerings: [local] }, { asOf });
    expect(result).toEqual([]);
  });
});

describe("supply and demand", () => {
  const { byCategory, byRegion } = supplyAndDemand(data, { asOf });

  it("keeps one row per category and unit, rolled up the taxonomy, largest share short first", () => {
    // Demand = outstanding quantity of open and partially met needs; weighted = quantity x priority weight:
    // devices n1 30*4 + n2 40*3 + n5 10*4 + n8 10*1 = 90 devices, 290 weighted; technology adds n4 5*1 (devices).
    // Supply = remaining capacity on the day: devices o1 50 + o5 20 = 70 (o3 is exhausted).
    // Short shares: mentoring/career 10/10 and wellbeing 3/3 (tie, by key), technology 25/95, devices 20/90;
    // then mentoring (one need) before funding (none).
    expect(byCategory.map((c) => [c.category, c.unit, c.demand, c.weightedDemand, c.supply, c.shortfall])).toEqual([
      ["mentoring/career", "hours", 10, 20, 0, 10],
      ["wellbeing", "sessions", 3, 12, 0, 3],
      ["technology", "devices", 95, 295, 70, 25],
      ["technology/devices", "devices", 90, 290, 70, 20],
      ["mentoring", "hours", 10, 20, 100, 0],
      ["funding", "USD", 0, 0, 5000, 0],
    ]);
    const technology = byCategory[2]!;
    expect(technology).toMatchObject({ name: "Technology", parent: null, needs: 5, offerings: 2 });
    expect(technology.ratio).toBeCloseTo(70 / 95, 12);
    expect(byCategory[3]).toMatchObject({ parent: "technology", name: "Devices" });
    expect(byCategory.find((c) => c.category === "funding")!.ratio).toBeNull();
    expect(byCategory.find((c) => c.category === "mentoring")!.ratio).toBe(10);
  });

  it("groups by the holder's region, one row per unit", () => {
    // North: n1 30 + n4 5 devices against o1 50; n6 3 sessions against nothing; o4 USD 5000.
    // South: n2 40 + n8 10 devices against o5 20; n3 10 hours against o2 100. s3 (no region): n5 10 devices.
    expect(byRegion.map((r) => [r.region, r.unit, r.demand, r.supply, r.shortfall])).toEqual([
      [null, "devices", 10, 0, 10],
      ["North", "sessions", 3, 0, 3],
      ["South", "devices", 50, 20, 30],
      ["North", "devices", 35, 50, 0],
      ["South", "hours", 10, 100, 0],
      ["North", "USD", 0, 5000, 0],
    ]);
  });
});

describe("under-served actors", () => {
  const ranked = findUnderServedActors(data, { asOf }).underServed;
  const d1 = 0.3 * KM_PER_DEGREE;
  const d2 = 0.1 * KM_PER_DEGREE;

  it("scores schools from uncovered quantity, support, distance and network position", () => {
    expect(ranked.map((a) => a.actorId)).toEqual(["s3", "s1", "s2"]);
    const [s3, s1, s2] = ranked;

    // Needs: U / (U + 4) with U = sum of priority weight x uncovered / outstanding over open needs.
    // s3: its one critical need (10 devices) entirely uncovered: U = 4 -> 0.5; no support -> 1; distance unknown
    // -> 1; isolated -> 1.
    expect(s3!.components).toEqual({ needs: 0.5, support: 1, distance: 1, network: 1 });
    expect(s3!.score).toBeCloseTo(0.4 * 0.5 + 0.2 + 0.2 + 0.2, 12);

    // s1: o1's 50 devices shared by n1 (30) and n4 (5): 50*30/35 and 50*5/35 cover both in full. n6 (3 sessions,
    // critical) has nothing: U = 4 * 3/3 -> 0.5. Funded and supplied (2 ties); devices 33 km away for n1 and n4,
    // nothing for n6.
    const s1Distance = ((2 * d1) / 50 + 1) / 3;
    expect(s1!.components.needs).toBeCloseTo(0.5, 12);
    expect(s1!.components.support).toBeCloseTo(1 / 3, 12);
    expect(s1!.components.distance).toBeCloseTo(s1Distance, 12);
    expect(s1!.components.network).toBeCloseTo(1 / 3, 12);
    expect(s1!.score).toBeCloseTo(0.4 * 0.5 + 0.2 / 3 + 0.2 * s1Distance + 0.2 / 3, 12);

    // s2: n2 (40, high) and n8 (10, low) entirely uncovered, n3 covered by remote mentoring: U = 3 + 1 -> 0.5.
    // One partnership; two neighbours.
    const s2Distance = ((2 * d2) / 50 + 0) / 3;
    expect(s2!.components.needs).toBeCloseTo(0.5, 12);
    expect(s2!.components.support).toBeCloseTo(0.5, 12);
    expect(s2!.components.distance).toBeCloseTo(s2Distance, 12);
    expect(s2!.score).toBeCloseTo(0.4 * 0.5 + 0.2 * 0.5 + 0.2 * s2Distance + 0.2 / 3, 12);
    expect(s2).toMatchObject({
      status: "short",
      openNeeds: 3,
      unmetNeeds: 2,
      shortNeeds: 2,
      supportTies: 1,
      degree: 2,
      region: "South",
    });
  });

  it("says what makes each worse off, in units, and keeps good news apart", () => {
    const byId = Object.fromEntries(ranked.map((a) => [a.actorId, a]));
    expect(byId.s3!.reasons).toEqual([
      "10 devices needed for Devices (critical), none within reach: 2 in-person offerings in Devices but this " +
        "actor has no location, so reach cannot be judged",
      "no support ties",
      "no known location, so distances cannot be judged",
      "isolated: no ties to other actors",
    ]);
    expect(byId.s3!.notes).toEqual([]);
    expect(byId.s1!.reasons).toEqual([
      "3 sessions needed for wellbeing (critical), none within reach: no available offering of sessions in " +
        "wellbeing or a related category",
      "nearest Devices offering 33 km away",
    ]);
    expect(byId.s1!.notes).toEqual(["2 of 3 open needs covered in full within reach", "2 support ties, 1 funding"]);
    // n2 first: 3 x 40/40 of its priority-weighted quantity short against n8's 1 x 10/10.
    const far = "none of 2 in-person Devices offerings is within reach (nearest 11 km away, reach 5.0 km)";
    expect(byId.s2!.reasons).toEqual([
      `40 devices needed for Devices (high), none within reach: ${far}`,
      `10 devices needed for Devices (low), none within reach: ${far}`,
      "no funding ties",
      "nearest Devices offering 11 km away",
    ]);
    expect(byId.s2!.notes).toEqual(["1 of 3 open needs covered in full within reach", "1 support tie"]);
  });

  it("keeps every score in [0, 1] and honours the options", () => {
    for (const a of ranked) {
      expect(a.score).toBeGreaterThanOrEqual(0);
      expect(a.score).toBeLessThanOrEqual(1);
    }
    // The funder and the business record no needs: unknown, not ranked.
    const funders = findUnderServedActors(data, { asOf, receivingTypes: ["funder", "business"], limit: 1 });
    expect(funders.underServed).toEqual([]);
    expect(funders.unknown.map((u) => [u.actorId, u.status])).toEqual([["b1", "unknown"]]);
    const needsOnly = findUnderServedActors(data, {
      asOf,
      weights: { needs: 1, support: 0, distance: 0, network: 0 },
    }).underServed;
    // Each has U = 4 (see above): 0.5 apiece, then by id.
    expect(needsOnly.map((a) => [a.actorId, a.score])).toEqual([
      ["s1", 0.5],
      ["s2", 0.5],
      ["s3", 0.5],
    ]);
  });

  it("analyzeGaps agrees with the separate functions", () => {
    const all = analyzeGaps(data, { asOf });
    expect(all.unmetNeeds).toEqual(findUnmetNeeds(data, { asOf }));
    expect(all.supplyDemand).toEqual(supplyAndDemand(data, { asOf }));
    expect(all.underServed).toEqual(ranked);
    expect(all.asOf).toBe(asOf);
    expect(all.weights).toEqual({ needs: 0.4, support: 0.2, distance: 0.2, network: 0.2 });
  });
});
