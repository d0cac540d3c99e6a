import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../server/app";
import { CommunitiesQuery } from "../../server/schemas/analysis";
import { seedSample } from "../../server/seed";
import { AnalysisService } from "../../server/services/analysis";
import { MapCache } from "../../server/services/map-cache";
import { buildTestApp, call, newMap, uniqueId } from "../helpers/app";

let app: App;
let mapId: string;
let sampleId: string;

// A star (hub with three spokes) joined to a pair through one tie, and an isolated actor:
// hub - s1, hub - s2, hub - s3, s3 - p1 (funds), p1 - p2; lone.
beforeAll(async () => {
  app = await buildTestApp();
  mapId = await newMap(app, "analysis");
  const actor = (id: string, type = "school") => ({ id, name: id.toUpperCase(), type });
  const bundle = {
    actors: [
      actor("hub", "library"),
      actor("s1"),
      actor("s2"),
      actor("s3"),
      actor("p1", "funder"),
      actor("p2"),
      actor("lone", "museum"),
    ],
    relationships: [
      { from: "hub", to: "s1", type: "partners_with" },
      { from: "hub", to: "s2", type: "partners_with", weight: 2 },
      { from: "hub", to: "s3", type: "mentors" },
      { from: "p1", to: "s3", type: "funds", amount: 1000 },
      { from: "p1", to: "s3", type: "mentors" },
      { from: "p1", to: "p2", type: "funds" },
    ],
  };
  expect((await call(app, "POST", `/api/maps/${mapId}/import`, bundle)).status).toBe(200);
  sampleId = uniqueId("sample");
  await seedSample(app.store, sampleId);
});
afterAll(() => app.close());

const get = (path: string) => call(app, "GET", `/api/maps/${mapId}/analysis/${path}`);

describe("centrality", () => {
  it("computes every metric per actor, merging parallel ties", async () => {
    const r = await get("centrality?weighted=false&sort=degree");
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      nodes: 7,
      edges: 5,
      directed: false,
      weighted: false,
      sampling: { approximate: false },
    });
    const byId = Object.fromEntries(r.body.actors.map((a: { id: string }) => [a.id, a]));
    expect(r.body.actors[0].id).toBe("hub");
    expect(byId.hub.degree).toBe(3);
    expect(byId.s3.degree).toBe(2);
    expect(byId.lone.degree).toBe(0);
    // Unweighted betweenness of s3 on 7 nodes: pairs through it are {hub,s1,s2} x {p1,p2} = 6; 6 / 15 = 0.4.
    expect(byId.s3.betweenness).toBeCloseTo(0.4, 10);
    expect(byId.lone.closeness).toBe(0);
    const pagerankSum = r.body.actors.reduce((s: number, a: { pagerank: number }) => s + a.pagerank, 0);
    expect(pagerankSum).toBeCloseTo(1, 6);
  });

  it("sums parallel tie weights in weighted mode and reports in/out when directed", async () => {
    const weighted = await get("centrality?metrics=weightedDegree&sort=weightedDegree");
    const byId = Object.fromEntries(weighted.body.actors.map((a: { id: string }) => [a.id, a]));
    expect(byId.p1.weightedDegree).toBe(3); // funds + mentors to s3 merged (1 + 1), funds to p2 (1)
    expect(byId.hub.weightedDegree).toBe(4);
    const directed = await get("centrality?directed=true&metrics=degree&sort=degree&relationshipTypes=funds,mentors");
    const d = Object.fromEntries(directed.body.actors.map((a: { id: string }) => [a.id, a]));
    expect(d.p1).toMatchObject({ outDegree: 2, inDegree: 0 });
    expect(d.s3).toMatchObject({ inDegree: 2, outDegree: 0 });
    expect(directed.body.edges).toBe(3);
  });

  it("ranks by the first requested metric unless told otherwise, and gives normalised degree", async () => {
    const r = await get("centrality?metrics=betweenness");
    expect(r.status).toBe(200);
    // A tree: hub sits on s1-s2, s1-s3, s2-s3 and {s1, s2} x {p1, p2}, 7 of the 15 pairs of 6 others;
    // s3 on {hub, s1, s2} x {p1, p2}, 6; p1 on p2 x {hub, s1, s2, s3}, 4. Weights cannot change unique paths.
    expect(r.body.actors.slice(0, 3).map((a: { id: string }) => a.id)).toEqual(["hub", "s3", "p1"]);
    expect(r.body.actors[0].betweenness).toBeCloseTo(7 / 15, 12);
    expect(r.body.actors[0].pagerank).toBeUndefined();
    const d = await get("centrality?metrics=degreeCentrality,degree");
    expect(d.status).toBe(200);
    const byId = Object.fromEntries(d.body.actors.map((a: { id: string }) => [a.id, a]));
    // degree / (7 - 1): hub 3/6, s3 2/6, lone 0.
    expect(d.body.actors[0]).toMatchObject({ id: "hub", degreeCentrality: 0.5, degree: 3 });
    expect(byId.s3.degreeCentrality).toBeCloseTo(2 / 6, 12);
    expect(byId.lone.degreeCentrality).toBe(0);
    const all = await get("centrality");
    expect(all.body.actors[0]).toHaveProperty("degreeCentrality");
    const wrong = await get("centrality?metrics=degree&sort=pagerank");
    expect(wrong.status).toBe(400);
    expect(wrong.body.issues[0].field).toBe("query.sort");
  });

  it("limits and validates its parameters", async () => {
    expect((await get("centrality?limit=2")).body.actors).toHaveLength(2);
    const bad = await get("centrality?metrics=fame");
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].field).toBe("query.metrics[0]");
    expect((await get("centrality?directed=maybe")).status).toBe(400);
    expect((await get("centrality?relationshipTypes=loves")).status).toBe(400);
    expect((await call(app, "GET", "/api/maps/nowhere/analysis/centrality")).status).toBe(404);
  });

  it("recomputes after the map changes and not before", async () => {
    const computations = () => app.analysis.cache.computations;
    const first = await get("centrality?sort=degree&weighted=false");
    const counted = computations();
    // Another sort and limit reuse the same computation; only the metrics, weights and direction key it.
    const again = await get("centrality?sort=pagerank&weighted=false&limit=3");
    expect(again.body.mapVersion).toBe(first.body.mapVersion);
    expect(computations()).toBe(counted);
    await call(app, "POST", `/api/maps/${mapId}/relationships`, {
      id: "new-tie",
      from: "lone",
      to: "hub",
      type: "refers_to",
    });
    const after = await get("centrality?sort=degree&weighted=false");
    expect(computations()).toBe(counted + 1);
    expect(after.body.mapVersion).toBeGreaterThan(first.body.mapVersion);
    expect(after.body.actors.find((a: { id: string }) => a.id === "hub").degree).toBe(4);
    await call(app, "DELETE", `/api/maps/${mapId}/relationships/new-tie`);
  });
});

describe("communities and structure", () => {
  it("finds Louvain communities deterministically", async () => {
    const a = await get("communities?weighted=false");
    expect(a.status).toBe(200);
    // Two more runs, each by a service with an empty cache of its own, so neither can reuse another's result.
    const query = CommunitiesQuery.parse({ weighted: "false" });
    const fresh = () => new AnalysisService(new MapCache(app.store));
    const [b, c] = [fresh(), fresh()];
    const [rb, rc] = [await b.communities(mapId, query), await c.communities(mapId, query)];
    expect(b.cache.computations).toBe(1);
    expect(c.cache.computations).toBe(1);
    expect(rb).not.toBe(rc);
    expect(rb.membership).toEqual(rc.membership);
    expect(rb.modularity).toBe(rc.modularity);
    expect(a.body.membership).toEqual(rb.membership);
    expect(a.body.modularity).toBeGreaterThan(0.1);
    expect(a.body.membership.hub).toBe(a.body.membership.s1);
    expect(a.body.membership.p1).toBe(a.body.membership.p2);
    expect(a.body.communities.reduce((n: number, c: { size: number }) => n + c.size, 0)).toBe(7);
  });

  it("finds communities of directed ties with the directed modularity", async () => {
    const r = await get("communities?weighted=false&directed=true");
    expect(r.status).toBe(200);
    expect(r.body.directed).toBe(true);
    // Arcs: hub <-> s1, hub <-> s2 (partnerships, both ways), hub -> s3, p1 -> s3, p1 -> p2; m = 7.
    // Q = (1/m) sum over communities of (inner arcs - out * in / m). {hub, s1, s2}: 4 inner, out 5, in 4;
    // {s3, p1, p2}: 2 inner, out 2, in 3. Q = (4 - 20/7 + 2 - 6/7) / 7 = 16/49, the best of all 877 partitions
    // (undirected, the same split scores 0.3).
    expect(r.body.modularity).toBeCloseTo(16 / 49, 12);
    const m = r.body.membership;
    expect([m.s1, m.s2]).toEqual([m.hub, m.hub]);
    expect([m.p1, m.p2]).toEqual([m.s3, m.s3]);
    expect(m.hub).not.toBe(m.s3);
    const undirected = await get("communities?weighted=false");
    expect(undirected.body.directed).toBe(false);
    expect(undirected.body.modularity).toBeCloseTo(0.3, 12);
  });

  it("refuses a directed structure, saying why", async () => {
    const r = await get("structure?directed=true");
    expect(r.status).toBe(400);
    expect(r.body.issues[0].field).toBe("query.directed");
    expect(r.body.issues[0].message).toMatch(/no directed form/);
    expect((await get("structure?directed=false")).status).toBe(200);
  });

  it("finds components, single points of failure, brokers and isolates", async () => {
    const r = await get("structure?weighted=false");
    expect(r.status).toBe(200);
    expect(r.body.components.map((c: { size: number }) => c.size)).toEqual([6, 1]);
    expect(r.body.isolates).toEqual([{ id: "lone", name: "LONE", type: "museum" }]);
    expect(r.body.articulationPoints.map((p: { id: string }) => p.id).sort()).toEqual(["hub", "p1", "s3"]);
    expect(r.body.bridges).toHaveLength(5); // a tree: every tie is a bridge
    const s3p1 = r.body.bridges.find((b: { from: string; to: string }) => [b.from, b.to].sort().join() === "p1,s3");
    expect(s3p1.cutOff).toBe(2);
    expect(r.body.brokers[0].id).toBe("hub");
    expect(r.body.brokers[0].constraint).toBeCloseTo(1 / 3, 10); // three unconnected contacts: 3 * (1/3)^2
    expect(r.body.brokers[0].effectiveSize).toBeCloseTo(3, 10);
  });
});

describe("network summary", () => {
  it("gives density, components, clustering, paths, reciprocity and modularity", async () => {
    const r = await get("summary?weighted=false");
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      nodes: 7,
      edges: 5,
      // 2 * 5 / (7 * 6).
      density: expect.closeTo(5 / 21, 12),
      components: { count: 2, largest: 6 },
      // A tree and a lone actor: no triangle anywhere.
      averageClustering: 0,
      communities: 3,
    });
    // Over the tree of six: distance sums hub 8, s1 11 (beyond hub), s2 9, s3 3, p1 1 = 32 over 15 pairs;
    // longest s1 - hub - s3 - p1 - p2.
    expect(r.body.paths).toMatchObject({ diameter: 4, componentSize: 6, approximate: false, sources: 6 });
    expect(r.body.paths.averagePathLength).toBeCloseTo(32 / 15, 12);
    // Directed ties: hub -> s3, p1 -> s3 (funds and mentors merged), p1 -> p2; none returned.
    expect(r.body.reciprocity).toEqual({ directedTies: 3, reciprocated: 0, value: 0 });
    // {hub, s1, s2}: 2 ties, degrees 5; {s3, p1, p2}: 2 ties, degrees 5; m = 5: 2 * (2/5 - (5/10)^2) = 0.3.
    expect(r.body.modularity).toBeCloseTo(0.3, 12);
    const partners = await get("summary?weighted=false&relationshipTypes=partners_with");
    expect(partners.body).toMatchObject({ edges: 2, reciprocity: { directedTies: 0, value: null } });
    const directed = await get("summary?directed=true");
    expect(directed.status).toBe(400);
    expect(directed.body.issues[0]).toMatchObject({
      field: "query.directed",
      message: expect.stringMatching(/undirected/),
    });
  });
});

describe("funding", () => {
  it("lists who funds whom with totals", async () => {
    const r = await get("funding");
    expect(r.status).toBe(200);
    expect(r.body.ties).toEqual([
      { id: "p1--funds--p2", from: "p1", to: "p2", fromName: "P1", toName: "P2", amount: null, currency: null },
      { id: "p1--funds--s3", from: "p1", to: "s3", fromName: "P1", toName: "S3", amount: 1000, currency: null },
    ]);
    expect(r.body.funders).toEqual([
      { id: "p1", name: "P1", type: "funder", currency: null, total: 1000, recipients: 2, ties: 2, unstated: 1 },
    ]);
    expect(r.body.coFunded).toEqual([]);
  });

  it("names co-funded actors and the under-served no funder reaches on the sample ecosystem", async () => {
    const r = await call(app, "GET", `/api/maps/${sampleId}/analysis/funding?limit=10000`);
    expect(r.status).toBe(200);
    const gaps = await call(app, "GET", `/api/maps/${sampleId}/analysis/gaps?limit=10000`);
    const funded = new Set(r.body.ties.map((t: { to: string }) => t.to));
    // Only the actors gaps finds short count: one whose needs are all covered lacks no funder.
    const expected = gaps.body.underServed
      .filter((u: { actorId: string; status: string }) => u.status === "short" && !funded.has(u.actorId))
      .map((u: { actorId: string }) => u.actorId);
    expect(expected.length).toBeGreaterThan(0);
    expect(r.body.unreached.map((u: { id: string }) => u.id)).toEqual(expected);
    const lakeside = gaps.body.underServed.find((u: { actorId: string }) => u.actorId === "lakeside-elementary");
    expect([lakeside?.status, funded.has("lakeside-elementary")]).toEqual(["covered", false]);
    expect(expected).not.toContain("lakeside-elementary");
    // Funded schools never count as unreached, however under-served.
    expect(funded.has("washington-elementary")).toBe(true);
    expect(expected).not.toContain("washington-elementary");
    for (const c of r.body.coFunded) expect(c.funders.length).toBeGreaterThanOrEqual(2);
    expect(r.body.coFunded.length).toBeGreaterThan(0);
    expect(r.body.funders.length).toBeGreaterThan(0);
  });
});

describe("gaps on the sample ecosystem", () => {
  it("puts the planted under-served schools first, with reasons", async () => {
    const r = await call(app, "GET", `/api/maps/${sampleId}/analysis/gaps`);
    expect(r.status).toBe(200);
    const top = r.body.underServed
      .slice(0, 2)
      .map((u: { actorId: string }) => u.actorId)
      .sort();
    expect(top).toEqual(["eastside-middle", "pine-hollow-elementary"]);
    for (const u of r.body.underServed.slice(0, 2)) {
      expect(u.type).toBe("school");
      expect(u.score).toBeGreaterThan(r.body.underServed[2].score);
      expect(u.reasons.length).toBeGreaterThan(0);
      expect(u.reasons.join(" ")).toMatch(/unmet|no .*ties|km/);
    }
  });

  it("lists unmet needs and shortfalls by category and unit, and by region", async () => {
    const r = await call(app, "GET", `/api/maps/${sampleId}/analysis/gaps`);
    expect(r.body.unmetNeeds.length).toBeGreaterThan(0);
    for (const n of r.body.unmetNeeds) expect(n.reason.length).toBeGreaterThan(10);
    expect(r.body.byCategory[0].shortfall).toBeGreaterThan(0);
    type Row = { key: string; unit: string; demand: number; shortfall: number };
    // Ordered by the share of demand short, a pure number, so rows of different units can be ordered at all.
    const shares = r.body.byCategory.map((c: Row) => (c.demand > 0 ? c.shortfall / c.demand : 0));
    expect(shares).toEqual([...shares].sort((a: number, b: number) => b - a));
    // A parent's row in a unit holds at least each child's demand in that unit, and no row mixes units.
    const rows = new Map(r.body.byCategory.map((c: Row) => [`${c.key}|${c.unit}`, c]));
    for (const c of r.body.byCategory as Row[]) {
      const parent = c.key.includes("/") ? c.key.slice(0, c.key.lastIndexOf("/")) : null;
      if (parent) expect((rows.get(`${parent}|${c.unit}`) as Row).demand).toBeGreaterThanOrEqual(c.demand);
    }
    expect(new Set(r.body.byCategory.map((c: Row) => c.unit)).size).toBeGreaterThan(1);
    expect(r.body.byRegion.length).toBeGreaterThan(1);
    expect((await call(app, "GET", `/api/maps/${sampleId}/analysis/gaps?receivingTypes=spaceship`)).status).toBe(400);
  });
});

describe("gaps on a small map", () => {
  // Two schools 11 km either side of a business with 25 laptops reaching 30 km; a third 550 km east, next to 10
  // tablets of its own neighbour; a fourth with no need recorded; 100 laptops that only start next year.
  const at = (lon: number) => ({ lat: 0, lon, region: "East" });
  const bundle = {
    categories: [
      { id: "technology", name: "Technology" },
      { id: "technology/devices", name: "Devices", parent: "technology" },
    ],
    actors: [
      { id: "alder", name: "Alder", type: "school", location: at(0) },
      { id: "birch", name: "Birch", type: "school", location: at(0.2) },
      { id: "cedar", name: "Cedar", type: "school", location: at(5) },
      { id: "dune", name: "Dune", type: "school", location: at(0.1) },
      { id: "tech", name: "Tech", type: "business", location: at(0.1) },
      { id: "far", name: "Far", type: "business", location: at(5) },
    ],
    needs: [
      ["a", "alder", 30],
      ["b", "birch", 20],
      ["c", "cedar", 10],
    ].map(([id, actorId, quantity]) => ({
      id,
      actorId,
      category: "technology/devices",
      title: `Laptops for ${actorId}`,
      quantity,
      unit: "devices",
      priority: "high",
      status: "open",
    })),
    offerings: [
      ["laptops", "tech", 25, 30, undefined],
      ["tablets", "far", 10, 10, undefined],
      ["next", "tech", 100, 30, "2026-01-01"],
    ].map(([id, actorId, capacity, reachKm, validFrom]) => ({
      id,
      actorId,
      category: "technology/devices",
      title: `${id} from ${actorId}`,
      capacity,
      unit: "devices",
      modality: "in_person",
      reachKm,
      status: "available",
      ...(validFrom ? { validFrom } : {}),
    })),
  };
  let small: string;
  beforeAll(async () => {
    small = await newMap(app, "gaps");
    expect((await call(app, "POST", `/api/maps/${small}/import`, bundle)).status).toBe(200);
  });
  const gaps = (query = "") => call(app, "GET", `/api/maps/${small}/analysis/gaps?asOf=2025-06-01${query}`);

  it("shows a shared shortfall in units, ranks it above a covered school, and sets aside a school with no needs", async () => {
    const r = await gaps();
    expect(r.status).toBe(200);
    expect(r.body.asOf).toBe("2025-06-01");
    expect(r.body.weights).toEqual({ needs: 0.4, support: 0.2, distance: 0.2, network: 0.2 });
    // 25 laptops shared 25*30/50 = 15 and 25*20/50 = 10; "next" is not supply before 2026.
    expect(r.body.underServed.map((u: { actorId: string; status: string }) => [u.actorId, u.status])).toEqual([
      ["alder", "short"],
      ["birch", "short"],
      ["cedar", "covered"],
    ]);
    expect(r.body.underServed[0].reasons[0]).toBe(
      "30 devices needed for Devices (high), at most 25 devices within reach, shared with 1 other school: " +
        "15 devices short",
    );
    expect(r.body.underServed[2].notes).toContain("its open need is covered in full by offerings within reach");
    expect(r.body.unknownActors.map((u: { actorId: string; status: string }) => [u.actorId, u.status])).toEqual([
      ["dune", "unknown"],
    ]);
    // Demand 30 + 20 + 10 = 60 devices (weighted x3 for high: 180) against 25 + 10 = 35 available today.
    expect(r.body.byCategory).toEqual(
      [
        ["technology", "Technology"],
        ["technology/devices", "Devices"],
      ].map(([key, name]) => ({
        key,
        name,
        unit: "devices",
        demand: 60,
        weightedDemand: 180,
        supply: 35,
        ratio: 35 / 60,
        shortfall: 25,
        openNeeds: 3,
        availableOfferings: 2,
      })),
    );
    // Next year the 100 laptops count: 125 within reach of alder and birch.
    const later = await call(app, "GET", `/api/maps/${small}/analysis/gaps?asOf=2026-02-01`);
    expect(later.body.byCategory[0]).toMatchObject({ supply: 135, shortfall: 0 });
  });

  it("takes the under-served weights, echoes them, and refuses bad ones naming the field", async () => {
    const r = await gaps("&weights=needs:1,support:0,distance:0,network:0");
    expect(r.status).toBe(200);
    expect(r.body.weights).toEqual({ needs: 1, support: 0, distance: 0, network: 0 });
    // Needs alone: alder U = 3 x 15/30 = 1.5 -> 1.5/5.5; cedar covered -> 0.
    expect(r.body.underServed[0].score).toBeCloseTo(3 / 11, 12);
    expect(r.body.underServed[2].score).toBe(0);
    expect((await gaps("&weights=network:0.5")).body.weights).toEqual({
      needs: 0.4,
      support: 0.2,
      distance: 0.2,
      network: 0.5,
    });
    for (const bad of ["reach:1", "needs:-1", "needs:x", "needs", "needs:0,support:0,distance:0,network:0"]) {
      const refused = await gaps(`&weights=${encodeURIComponent(bad)}`);
      expect(refused.status).toBe(400);
      expect(refused.body.issues[0].field).toBe("query.weights");
    }
  });

  // Last in this block: it commits laptops, which changes the map for anything after it.
  it("counts only what commitments have not yet promised, on both sides", async () => {
    const c = await call(app, "POST", `/api/maps/${small}/commitments`, {
      offeringId: "laptops",
      needId: "a",
      amount: 10,
    });
    expect(c.status).toBe(201);
    const r = await gaps();
    // Alder still needs 30 - 10 = 20, birch 20, cedar 10: demand 50. Laptops have 25 - 10 = 15 left, tablets 10.
    expect(r.body.byCategory[0]).toMatchObject({ unit: "devices", demand: 50, supply: 25, shortfall: 25 });
    // The 15 laptops left are shared 15 x 20/40 = 7.5 each: alder and birch are each 12.5 devices short.
    const alder = r.body.underServed.find((u: { actorId: string }) => u.actorId === "alder");
    expect(alder.reasons[0]).toMatch(/: 12\.5 devices short$/);
  });
});
