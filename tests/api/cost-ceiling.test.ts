// A time budget per analysis request, in the real Neo4j: an app whose budget is 1 ms answers an allocation with 202
// and a job, which reaches the same plan an app with the default budget answers directly; identical requests share
// the job and then the cached result; a cancelled job never shows a result; a job is read only through its own map,
// by whoever may run the analysis, redacted for a redacted caller; /api/health answers meanwhile.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateEcosystem } from "../../server/analysis/synthetic";
import { buildApp, type App } from "../../server/app";
import { adminWithToken } from "../../server/auth/first-run";
import { ISOLATE_MIN_COLUMNS } from "../../server/matching/lp";
import { buildTestApp, call, callWith, memberSession, newMap, testNeo4j, uniqueId, type Reply } from "../helpers/app";

let direct: App;
let budgeted: App;
let admin: Record<string, string>;
let viewer: Record<string, string>;
let mapId: string;
let otherMapId: string;
let protectedIds: string[];

const allocation = (map = mapId) => `/api/maps/${map}/analysis/allocation`;

/** The solve time differs from run to run; everything else of a plan is the same for the same map and options. */
const plan = (body: Record<string, unknown>) => ({ ...body, stats: { ...(body.stats as object), solveMs: 0 } });

/** Polls a job's URL until it stops answering 202. */
async function settle(url: string, headers = admin, timeoutMs = 60_000): Promise<Reply> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await callWith(budgeted, headers, "GET", url);
    if (r.status !== 202) return r;
    expect(r.body.status).toBe("running");
    if (Date.now() > until) throw new Error(`job ${url} still running after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  direct = await buildTestApp();
  budgeted = await buildApp({ neo4j: testNeo4j(), requestBudgetMs: 1 });
  const { token } = await adminWithToken(budgeted.store.accounts, uniqueId("admin"), `pw-${randomUUID()}`);
  admin = { authorization: `Bearer ${token}` };

  mapId = await newMap(direct, "budget");
  otherMapId = await newMap(direct, "budget-other");
  const b = generateEcosystem({ actors: 300, seed: 5 });
  await direct.store.importBundle(mapId, { ...b, commitments: [] });
  const individuals = new Set(b.actors.filter((a) => a.type === "individual").map((a) => a.id));
  protectedIds = [...b.needs, ...b.offerings].filter((x) => individuals.has(x.actorId)).map((x) => x.id);
  viewer = (await memberSession(direct, mapId, "viewer")).headers;
}, 120_000);

afterAll(async () => {
  await call(direct, "DELETE", `/api/maps/${mapId}`);
  await call(direct, "DELETE", `/api/maps/${otherMapId}`);
  await budgeted.close();
  await direct.close();
});

describe("an allocation over its time budget", () => {
  it("answers 202 with a job that reaches the plan a direct computation answers", async () => {
    const started = await budgeted.inject({ method: "POST", url: allocation(), headers: admin, payload: {} });
    expect(started.statusCode).toBe(202);
    const job = started.json();
    expect(job).toMatchObject({ kind: "allocation", status: "running" });
    expect(job.url).toBe(`/api/maps/${mapId}/analysis/jobs/${job.jobId}`);
    expect(started.headers.location).toBe(job.url);

    const done = await settle(job.url);
    expect(done.status).toBe(200);
    const reference = await call(direct, "POST", allocation(), {});
    expect(reference.status).toBe(200);
    expect(reference.body.assignments.length).toBeGreaterThan(20);
    // Large enough for its LP to go to a worker thread, which a cancellation terminates.
    expect(reference.body.stats.pairs).toBeGreaterThan(ISOLATE_MIN_COLUMNS);
    expect(plan(done.body)).toEqual(plan(reference.body));

    // Answered from the cache: at once, the same body, nothing computed again.
    const computed = budgeted.matching.cache.computations;
    const again = await callWith(budgeted, admin, "POST", allocation(), {});
    expect(again.status).toBe(200);
    expect(again.body).toEqual(done.body);
    expect(budgeted.matching.cache.computations).toBe(computed);
  }, 60_000);

  it("shares one job between identical requests, and starts another once the map changed", async () => {
    const body = { candidatesPerNeed: 45 };
    const [a, b] = await Promise.all([
      callWith(budgeted, admin, "POST", allocation(), body),
      callWith(budgeted, admin, "POST", allocation(), body),
    ]);
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(b.body.jobId).toBe(a.body.jobId);
    const first = await settle(a.body.url);
    expect(first.status).toBe(200);

    const actor = (await call(direct, "GET", `/api/maps/${mapId}/actors?limit=1`)).body.items[0];
    expect((await call(direct, "PATCH", `/api/maps/${mapId}/actors/${actor.id}`, { name: "Renamed" })).status).toBe(
      200,
    );
    const after = await callWith(budgeted, admin, "POST", allocation(), body);
    expect(after.status).toBe(202);
    expect(after.body.jobId).not.toBe(a.body.jobId);
    const second = await settle(after.body.url);
    expect(second.status).toBe(200);
    expect(second.body.mapVersion).toBeGreaterThan(first.body.mapVersion);
  }, 60_000);

  it("reports a cancelled job as cancelled, and its result never appears", async () => {
    const body = { candidatesPerNeed: 40 };
    const started = await callWith(budgeted, admin, "POST", allocation(), body);
    expect(started.status).toBe(202);
    const cancelled = await callWith(budgeted, admin, "DELETE", started.body.url);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ jobId: started.body.jobId, status: "cancelled" });

    // The same request again computes afresh (nothing was kept of the cancelled one) and finishes...
    const fresh = await callWith(budgeted, admin, "POST", allocation(), body);
    expect(fresh.status).toBe(202);
    expect(fresh.body.jobId).not.toBe(started.body.jobId);
    expect((await settle(fresh.body.url)).status).toBe(200);
    // ...while the cancelled job still answers only that it was cancelled.
    const later = await callWith(budgeted, admin, "GET", started.body.url);
    expect(later.status).toBe(410);
    expect(later.body).toEqual({
      jobId: started.body.jobId,
      kind: "allocation",
      status: "cancelled",
      url: started.body.url,
    });
  }, 60_000);

  it("is not found through another map", async () => {
    const started = await callWith(budgeted, admin, "POST", allocation(), { candidatesPerNeed: 35 });
    expect(started.status).toBe(202);
    const elsewhere = `/api/maps/${otherMapId}/analysis/jobs/${started.body.jobId}`;
    expect((await callWith(budgeted, admin, "GET", elsewhere)).status).toBe(404);
    expect((await callWith(budgeted, admin, "DELETE", elsewhere)).status).toBe(404);
    expect((await callWith(budgeted, admin, "GET", `/api/maps/${mapId}/analysis/jobs/${randomUUID()}`)).status).toBe(
      404,
    );
    // Not cancelled by the refused DELETE.
    expect((await settle(started.body.url)).status).toBe(200);
  }, 60_000);

  it("may be run by a viewer, whose result comes redacted", async () => {
    const started = await callWith(budgeted, viewer, "POST", allocation(), { candidatesPerNeed: 30 });
    expect(started.status).toBe(202);
    const seen = await settle(started.body.url, viewer);
    expect(seen.status).toBe(200);
    const full = await settle(started.body.url, admin);
    expect(full.status).toBe(200);
    expect(seen.body.assignments.length).toBe(full.body.assignments.length);

    const fullText = JSON.stringify(full.body);
    const shown = protectedIds.filter((id) => fullText.includes(`"${id}"`));
    expect(shown.length).toBeGreaterThan(0);
    const seenText = JSON.stringify(seen.body);
    expect(shown.filter((id) => seenText.includes(`"${id}"`))).toEqual([]);
    expect(seenText).toContain('"anon-');
  }, 60_000);

  it("leaves /api/health answering while it runs", async () => {
    const started = await callWith(budgeted, admin, "POST", allocation(), { candidatesPerNeed: 25 });
    expect(started.status).toBe(202);
    let answeredWhileRunning = 0;
    for (;;) {
      const health = await callWith(budgeted, {}, "GET", "/api/health");
      expect(health.status).toBe(200);
      const job = await callWith(budgeted, admin, "GET", started.body.url);
      if (job.status !== 202) {
        expect(job.status).toBe(200);
        break;
      }
      answeredWhileRunning++;
    }
    expect(answeredWhileRunning).toBeGreaterThan(0);
  }, 60_000);
});
