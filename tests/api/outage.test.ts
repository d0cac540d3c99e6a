// A Neo4j outage: data routes answer 503 with a clear message, the API stays up, and it recovers by
// itself once Neo4j is back. Uses a Neo4j instance of its own so other suites keep theirs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp, type App } from "../../server/app";
import { start, stop, wipe, type InstanceOptions } from "../../scripts/neo4j";
import { generateEcosystem } from "../../server/analysis/synthetic";
import { PartialImportError } from "../../server/store/bundle-writer";
import { call, withTestAdmin } from "../helpers/app";

const instance: InstanceOptions = {
  name: "outage-test",
  boltPort: 7696,
  password: "atlas-outage",
  heap: "512m",
  pageCache: "64m",
};
let app: App;

beforeAll(async () => {
  wipe(instance.name);
  const neo4j = await start(instance);
  app = await withTestAdmin(await buildApp({ neo4j: { uri: neo4j.uri, user: neo4j.user, password: neo4j.password } }));
}, 180_000);

afterAll(async () => {
  await app?.close();
  await stop(instance.name);
  wipe(instance.name);
}, 120_000);

describe("Neo4j outage", () => {
  it("answers 503 while Neo4j is down and recovers without a restart of the API", async () => {
    expect((await call(app, "POST", "/api/maps", { id: "survivor", name: "Survivor" })).status).toBe(201);

    await stop(instance.name);
    const started = Date.now();
    const list = await call(app, "GET", "/api/maps");
    expect(list.status).toBe(503);
    expect(list.body).toMatchObject({ statusCode: 503, error: "Service Unavailable" });
    expect(list.body.message).toContain("database is unavailable");
    expect((await call(app, "POST", "/api/maps/survivor/actors", { name: "A", type: "school" })).status).toBe(503);
    expect((await call(app, "GET", "/api/maps/survivor/graph")).status).toBe(503);
    const health = await call(app, "GET", "/api/health");
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: "degraded", api: "up", neo4j: { status: "down" } });
    // Failing fast matters: a request must not hang for the driver's default 30 s of retries.
    expect(Date.now() - started).toBeLessThan(30_000);
    // Validation still answers while the database is away.
    expect((await call(app, "POST", "/api/maps", { name: 7 })).status).toBe(400);

    await start(instance);
    let recovered = await call(app, "GET", "/api/maps/survivor");
    for (let i = 0; i < 40 && recovered.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 250));
      recovered = await call(app, "GET", "/api/maps/survivor");
    }
    expect(recovered.status).toBe(200);
    expect(recovered.body.name).toBe("Survivor");
    expect((await call(app, "GET", "/api/health")).body.neo4j.status).toBe("up");
  }, 180_000);

  it("answers 503 to a chunked import that Neo4j left part-written, and the same import again completes it", async () => {
    const bundle = { ...generateEcosystem({ actors: 200, seed: 4 }), commitments: [] };
    const total = Object.values(bundle).reduce((n, list) => n + list.length, 0);
    expect((await call(app, "POST", "/api/maps", { id: "halfway", name: "Halfway" })).status).toBe(201);

    // Neo4j goes away after the first chunk: the next fails, and so does the undo.
    let stopped = false;
    const failure = await app.store
      .importBundle("halfway", bundle, {
        transactionItems: 100,
        onProgress: async () => {
          if (stopped) return;
          stopped = true;
          await stop(instance.name);
        },
      })
      .catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(PartialImportError);
    expect((failure as PartialImportError).statusCode).toBe(503);
    expect((failure as Error).message).toContain("the map holds part of it");

    await start(instance);
    let counts = await call(app, "GET", "/api/maps/halfway");
    for (let i = 0; i < 40 && counts.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 250));
      counts = await call(app, "GET", "/api/maps/halfway");
    }
    expect(counts.body.counts.actors).toBeLessThan(bundle.actors.length);
    await app.store.importBundle("halfway", bundle, { transactionItems: 100 });
    const after = (await call(app, "GET", "/api/maps/halfway")).body.counts;
    expect(after).toEqual({
      actors: bundle.actors.length,
      relationships: bundle.relationships.length,
      needs: bundle.needs.length,
      offerings: bundle.offerings.length,
    });
    expect(total).toBeGreaterThan(10 * 100);
  }, 180_000);
});
