// An import cut short by its API process going away: killed outright, the next run of the API marks it interrupted,
// the map and the job's address say how far it got, and importing the same file again finishes it; stopped with
// SIGTERM, the import ends at a chunk boundary, is recorded as interrupted and the process exits within its bound.
// Runs the real API process (server/server.ts) against the test Neo4j server, with a bundle large enough to be
// written in chunks (over 50,000 items, 5,000 a transaction).
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../server/app";
import { generateEcosystem } from "../../server/analysis/synthetic";
import type { Bundle } from "../../server/schemas/domain";
import { adminHeaders, buildTestApp, call, uniqueId } from "../helpers/app";
import { multipart } from "../helpers/uploads";
import { apiProcessEnv, freePort } from "../helpers/api-process";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** Items per transaction of a chunked import (bundle-writer.ts CHUNK_ITEMS). */
const CHUNK = 5_000;
/** How long server/server.ts waits for imports on SIGTERM before it exits anyway. */
const SHUTDOWN_BOUND_MS = 20_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let app: App;
let headers: Record<string, string>;
const children = new Set<ChildProcess>();
const bundle: Bundle = { ...generateEcosystem({ actors: 8_000, seed: 21 }), commitments: [] };
const file = multipart([{ name: "ecosystem.json", data: JSON.stringify(bundle) }]);
const items = Object.values(bundle).reduce((n, list) => n + list.length, 0);

beforeAll(async () => {
  app = await buildTestApp();
  // The test app's admin token works against any API process on the same database.
  headers = adminHeaders(app);
});
afterAll(async () => {
  // Only when a test failed half-way: no API process may outlive the suite.
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await app.close();
});

interface Api {
  child: ChildProcess;
  base: string;
  log: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The API as `npm start` runs it, on `port`; resolves once it answers. */
async function startApi(port: number): Promise<Api> {
  let log = "";
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "server", "server.ts")], {
    cwd: root,
    env: apiProcessEnv(port),
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (log += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (log += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited at start-up:\n${log}`);
    try {
      const r = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(2_000) });
      if (r.status === 200) break;
    } catch {
      // Not up yet.
    }
    if (Date.now() > deadline) throw new Error(`the API did not answer:\n${log}`);
    await sleep(250);
  }
  return { child, base, log: () => log, exited };
}

// Tests read arbitrary JSON; the shape is what they assert.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function get(api: Api, url: string): Promise<{ status: number; body: any }> {
  const r = await fetch(`${api.base}${url}`, { headers, signal: AbortSignal.timeout(10_000) });
  return { status: r.status, body: await r.json() };
}

async function newMap(api: Api): Promise<string> {
  const id = uniqueId("interrupted");
  const r = await fetch(`${api.base}/api/maps`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    // Maps are listed by name: this one comes first.
    body: JSON.stringify({ id, name: `!Interrupted import ${id}` }),
  });
  expect(r.status).toBe(201);
  return id;
}

/** Uploads the bundle as a .json file, as a job; answers the job's address. */
async function upload(api: Api, mapId: string): Promise<string> {
  const r = await fetch(`${api.base}/api/maps/${mapId}/import?async=true&format=json`, {
    method: "POST",
    headers: { ...headers, ...file.headers },
    body: new Uint8Array(file.payload),
  });
  const body = (await r.json()) as { href: string };
  expect(r.status, JSON.stringify(body)).toBe(202);
  return body.href;
}

/** Polls the job until its write has committed at least `items` items (and is not finished). */
async function untilWritten(api: Api, href: string, atLeast: number): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const { body } = await get(api, href);
    expect(body.status, JSON.stringify(body)).toBe("running");
    if (body.progress.phase === "write" && body.progress.done >= atLeast) return;
    if (Date.now() > deadline) throw new Error(`the import never wrote ${atLeast} items: ${JSON.stringify(body)}`);
    await sleep(50);
  }
}

async function untilFinished(api: Api, href: string) {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const job = await get(api, href);
    if (job.body.status !== "running") return job.body;
    if (Date.now() > deadline) throw new Error(`the import never finished: ${JSON.stringify(job.body)}`);
    await sleep(250);
  }
}

const fileCounts = {
  actors: bundle.actors.length,
  relationships: bundle.relationships.length,
  needs: bundle.needs.length,
  offerings: bundle.offerings.length,
};

describe("an interrupted import", () => {
  it(
    "killed with its API is shown as interrupted after a restart, and the same upload again finishes it",
    { timeout: 420_000 },
    async () => {
      expect(items).toBeGreaterThan(50_000);
      const port = await freePort();
      const first = await startApi(port);
      const mapId = await newMap(first);
      const href = await upload(first, mapId);
      const jobId = href.split("/").pop()!;
      // Two chunks in: well into the write, far from its end.
      await untilWritten(first, href, 2 * CHUNK);
      first.child.kill("SIGKILL");
      expect((await first.exited).signal).toBe("SIGKILL");

      // The next run of the same API (same host and port) finds the job its predecessor left running.
      const second = await startApi(port);
      const map = (await get(second, `/api/maps/${mapId}`)).body;
      expect(map.import, JSON.stringify(map)).toMatchObject({ status: "interrupted", jobId, total: items });
      // Recorded as chunks land, a write behind at most: somewhere past the start, and no more than the map holds.
      expect(map.import.done).toBeGreaterThan(0);
      expect(map.import.done).toBeLessThan(items);
      // The map holds at least what was recorded, and not all of the file.
      const held = Object.values(map.counts as Record<string, number>).reduce((a, b) => a + b, 0);
      expect(held + bundle.categories.length).toBeGreaterThanOrEqual(map.import.done);
      expect(map.counts).not.toEqual(fileCounts);
      // Listed maps say so too.
      const listed = (await get(second, "/api/maps?limit=1000")).body.items.find((m: { id: string }) => m.id === mapId);
      expect(listed.import).toMatchObject({ status: "interrupted", jobId });

      const job = (await get(second, href)).body;
      expect(job).toMatchObject({ id: jobId, mapId, status: "interrupted", error: { statusCode: 503 } });
      expect(job.error.message).toContain("Import the same file again to finish it");
      expect(job.finishedAt).toEqual(expect.any(String));

      // The same upload again: upserts by id, so it completes the map and clears its state.
      const again = await upload(second, mapId);
      const done = await untilFinished(second, again);
      expect(done.status, `${JSON.stringify(done)}\n${second.log().slice(-4000)}`).toBe("done");
      const after = (await get(second, `/api/maps/${mapId}`)).body;
      expect(after.counts).toEqual(fileCounts);
      expect(after.import).toBeNull();
      // The first job's own record still tells what happened to it.
      expect((await get(second, href)).body.status).toBe("interrupted");

      second.child.kill("SIGTERM");
      expect((await second.exited).code).toBe(0);
    },
  );

  it(
    "stopped with SIGTERM ends at a chunk boundary, is recorded as interrupted, and the API exits within its bound",
    { timeout: 300_000 },
    async () => {
      const api = await startApi(await freePort());
      const mapId = await newMap(api);
      const href = await upload(api, mapId);
      const jobId = href.split("/").pop()!;
      await untilWritten(api, href, CHUNK);

      const asked = Date.now();
      api.child.kill("SIGTERM");
      const { code } = await api.exited;
      const took = Date.now() - asked;
      expect(code, api.log()).toBe(0);
      expect(took).toBeLessThan(SHUTDOWN_BOUND_MS);

      // Read by another API process: the test's own app.
      const job = (await call(app, "GET", `/api/maps/${mapId}/imports/${jobId}`)).body;
      expect(job, JSON.stringify(job)).toMatchObject({ status: "interrupted", progress: { phase: "write" } });
      const map = (await call(app, "GET", `/api/maps/${mapId}`)).body;
      expect(map.import).toMatchObject({ status: "interrupted", jobId, total: items });
      // No half chunk: each kind holds whole chunks, or all it has.
      for (const [kind, count] of Object.entries(map.counts as Record<string, number>)) {
        const all = fileCounts[kind as keyof typeof fileCounts];
        expect(count === all || count % CHUNK === 0, `${kind}: ${count} of ${all}`).toBe(true);
      }
      // And the job says exactly how far it got: what the map holds.
      const held = Object.values(map.counts as Record<string, number>).reduce((a, b) => a + b, 0);
      expect(job.progress.done).toBe(held + bundle.categories.length);
      expect(map.import.done).toBe(job.progress.done);
      expect(job.progress.done).toBeLessThan(items);
      expect(job.error.message).toContain(`interrupted at ${job.progress.done.toLocaleString("en-US")} of`);
    },
  );
});
