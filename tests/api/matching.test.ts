// Match candidates, bridges and the allocation plan over HTTP, on the sample ecosystem in the real Neo4j.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../server/app";
import { seedSample } from "../../server/seed";
import { buildTestApp, call, uniqueId } from "../helpers/app";

let app: App;
let mapId: string;

beforeAll(async () => {
  app = await buildTestApp();
  mapId = uniqueId("matching");
  await seedSample(app.store, mapId);
});
afterAll(() => app.close());

const m = (path: string) => `/api/maps/${mapId}${path}`;
const DEVICES = "pine-hollow-elementary.need.devices";
const LAPTOPS = "reboot-tech.offer.laptops";
const PARTS = ["category", "text", "geography", "capacity", "network", "equity"] as const;

interface Candidate {
  needId: string;
  offeringId: string;
  score: number;
  breakdown: Record<string, number>;
  weights: Record<string, number>;
  remainingCapacity: number;
  introductionPath: { hops: number; actors: { id: string; name: string }[] } | null;
  explanation: string;
  offeringActorName: string;
  needActorName: string;
}

describe("match candidates", () => {
  it("ranks the refurbished laptops first for the rural school's device need, explained and with a path", async () => {
    const r = await call(app, "GET", m(`/needs/${DEVICES}/matches`));
    expect(r.status).toBe(200);
    const candidates: Candidate[] = r.body.candidates;
    expect(r.body.needId).toBe(DEVICES);
    expect(candidates[0]!.offeringId).toBe(LAPTOPS);
    const first = candidates[0]!;
    expect(first.needActorName).toBe("Pine Hollow Elementary School");
    expect(first.remainingCapacity).toBe(150);
    // Accept proposes min(capacity left, quantity still needed), in the need's unit; near misses come apart.
    const raw = r.body.candidates[0];
    expect(raw.proposedAmount).toBe(Math.min(150, raw.quantityNeeded));
    expect(raw.unit).toBe(r.body.candidates.at(-1).unit);
    for (const m of r.body.nearMisses) expect(m.reasons.length).toBeGreaterThan(0);
    // The score is the weighted mean of the reported parts.
    const recomputed = PARTS.reduce((s, k) => s + first.weights[k]! * first.breakdown[k]!, 0);
    expect(first.score).toBeCloseTo(recomputed, 3);
    expect(PARTS.reduce((s, k) => s + first.weights[k]!, 0)).toBeCloseTo(1, 9);
    const path = first.introductionPath!;
    expect(path.actors[0]!.id).toBe("pine-hollow-elementary");
    expect(path.actors.at(-1)!.id).toBe("reboot-tech");
    expect(path.hops).toBe(path.actors.length - 1);
    expect(first.explanation).toContain(first.offeringActorName);
    for (let i = 1; i < candidates.length; i++)
      expect(candidates[i]!.score).toBeLessThanOrEqual(candidates[i - 1]!.score);
  });

  it("takes weights per request and the limit", async () => {
    const r = await call(app, "GET", m(`/needs/${DEVICES}/matches?limit=2&weights=category:1,network:0,equity:0`));
    expect(r.status).toBe(200);
    expect(r.body.candidates.length).toBeLessThanOrEqual(2);
    const w = r.body.candidates[0].weights;
    expect(w.network).toBe(0);
    expect(w.equity).toBe(0);
    expect(w.category).toBeGreaterThan(0.5);
  });

  it("ranks needs for an offering", async () => {
    const r = await call(app, "GET", m(`/offerings/${LAPTOPS}/matches?limit=20`));
    expect(r.status).toBe(200);
    expect(r.body.offeringId).toBe(LAPTOPS);
    const needs = r.body.candidates.map((c: Candidate) => c.needId);
    expect(needs).toContain(DEVICES);
    expect(r.body.candidates.every((c: Candidate) => c.offeringId === LAPTOPS)).toBe(true);
  });

  it("names the bad field and the missing item", async () => {
    const unknown = await call(app, "GET", m(`/needs/${DEVICES}/matches?weights=colour:1`));
    expect(unknown.status).toBe(400);
    expect(unknown.body.issues.map((i: { field: string }) => i.field)).toContain("query.weights.colour");
    const negative = await call(app, "GET", m(`/needs/${DEVICES}/matches?weights=category:-1`));
    expect(negative.status).toBe(400);
    expect(negative.body.issues[0].field).toBe("query.weights.category");
    const limit = await call(app, "GET", m(`/needs/${DEVICES}/matches?limit=0`));
    expect(limit.status).toBe(400);
    expect(limit.body.issues[0].field).toBe("query.limit");
    const missing = await call(app, "GET", m("/needs/no-such-need/matches"));
    expect(missing.status).toBe(404);
    expect((await call(app, "GET", m("/offerings/no-such-offering/matches"))).status).toBe(404);
  });
});

describe("accepting a match", () => {
  it("commits capacity, and the candidates that follow see what is left", async () => {
    const need = "eastside-middle.need.hotspots";
    const before = await call(app, "GET", m(`/needs/${need}/matches`));
    const hotspots = before.body.candidates.find(
      (c: Candidate) => c.offeringId === "riverbend-public-library.offer.hotspots",
    );
    expect(hotspots).toBeDefined();
    const accept = await call(app, "POST", m("/commitments"), {
      offeringId: hotspots.offeringId,
      needId: need,
      amount: 10,
      status: "accepted",
    });
    expect(accept.status).toBe(201);
    // The map changed, so the index is rebuilt: the library has 10 hotspots fewer for every other need.
    const other = await call(app, "GET", m("/needs/pine-hollow-elementary.need.connectivity/matches"));
    const after = other.body.candidates.find((c: Candidate) => c.offeringId === hotspots.offeringId);
    expect(after.remainingCapacity).toBe(hotspots.remainingCapacity - 10);
    expect(other.body.mapVersion).toBeGreaterThan(before.body.mapVersion);
  });
});

describe("bridges", () => {
  it("introduces the STEM academy and the arts school, each offering what the other needs", async () => {
    const r = await call(app, "GET", m("/analysis/bridges?limit=50"));
    expect(r.status).toBe(200);
    expect(r.body.communities).toBeGreaterThan(1);
    const pair = r.body.suggestions.find(
      (b: { needActor: { id: string }; offeringActor: { id: string } }) =>
        [b.needActor.id, b.offeringActor.id].sort().join() === "lakeside-arts-high,northgate-stem-academy",
    );
    expect(pair).toBeDefined();
    expect(pair.reverse).not.toBeNull();
    expect(pair.needActor.community).not.toBe(pair.offeringActor.community);
    expect(pair.reason.length).toBeGreaterThan(20);
    expect((await call(app, "GET", m("/analysis/bridges?maxTieRatio=-1"))).body.issues[0].field).toBe(
      "query.maxTieRatio",
    );
  });
});

describe("allocation", () => {
  it("plans within every capacity and quantity, and beats the greedy baseline", async () => {
    const r = await call(app, "POST", m("/analysis/allocation"), {});
    expect(r.status).toBe(200);
    const plan = r.body;
    expect(plan.method).toBe("lp");
    expect(plan.objective).toBeGreaterThan(plan.baseline.objective);
    expect(plan.priorityWeightedDemandMet).toBeGreaterThan(0.5);
    const graph = (await call(app, "GET", m("/graph"))).body;
    const offering = new Map(graph.offerings.map((o: { id: string }) => [o.id, o]));
    const need = new Map(graph.needs.map((n: { id: string }) => [n.id, n]));
    const perOffering = new Map<string, number>();
    const perNeed = new Map<string, number>();
    for (const a of plan.assignments) {
      perOffering.set(a.offeringId, (perOffering.get(a.offeringId) ?? 0) + a.amount);
      perNeed.set(a.needId, (perNeed.get(a.needId) ?? 0) + a.amount);
    }
    for (const [id, amount] of perOffering) {
      const o = offering.get(id) as { capacity: number; committed: number };
      expect(amount).toBeLessThanOrEqual(o.capacity - o.committed + 1e-6);
    }
    for (const [id, amount] of perNeed)
      expect(amount).toBeLessThanOrEqual((need.get(id) as { quantity: number }).quantity + 1e-6);
    // Needs in categories nobody offers stay unmet, with the reason.
    const transport = plan.unmet.find((u: { category: string }) => u.category === "transport");
    expect(transport).toMatchObject({ reason: "no_candidates", assigned: 0 });
  });

  it("plans one category and validates the request", async () => {
    const r = await call(app, "POST", m("/analysis/allocation"), { category: "technology", assignments: false });
    expect(r.status).toBe(200);
    expect(r.body.assignments).toEqual([]);
    expect(r.body.byCategory.every((c: { category: string }) => c.category.startsWith("technology"))).toBe(true);
    expect(r.body.stats.needs).toBeGreaterThan(0);
    const bad = await call(app, "POST", m("/analysis/allocation"), { candidatesPerNeed: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].field).toBe("candidatesPerNeed");
    const unknown = await call(app, "POST", m("/analysis/allocation"), { weights: { colour: 1 } });
    expect(unknown.body.issues[0].field).toBe("weights.colour");
  });
});
