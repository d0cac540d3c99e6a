// Hostile uploads against the real API process: a zip that inflates to half a gigabyte, a 99 MB CSV of too many
// rows, a CSV of 120k columns and a huge JSON body. Each is refused with a small 4xx naming the limit, while the
// process stays under 500 MB, /api/health keeps answering within 2 s, and no upload is left on disk.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { closeSync, mkdtempSync, openAsBlob, openSync, readdirSync, readFileSync, rmSync, writeSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Zip, ZipDeflate } from "fflate";
import neo4j, { type Driver } from "neo4j-driver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminWithToken } from "../../server/auth/first-run";
import { UPLOAD_DIR_PREFIX } from "../../server/services/uploads";
import { AtlasStore } from "../../server/store/atlas-store";
import { testNeo4j, uniqueId } from "../helpers/app";
import { apiProcessEnv, freePort } from "../helpers/api-process";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const MB = 1024 * 1024;
const MAX_RSS_BYTES = 500 * MB;
const MAX_HEALTH_MS = 2_000;
const work = mkdtempSync(path.join(tmpdir(), "bounded-imports-"));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A kB-sized block of actor rows, repeated to make a file of any size from constant memory. */
const ROWS = Buffer.from(Array.from({ length: 64 }, (_, i) => `a${i},Actor ${i},school\n`).join(""));
function* csvChunks(bytes: number, header = "id,name,type\n"): Generator<Buffer> {
  const block = Buffer.concat(Array.from({ length: Math.ceil(MB / ROWS.length) }, () => ROWS));
  yield Buffer.from(header);
  for (let left = bytes - header.length; left > 0; left -= block.length)
    yield left >= block.length ? block : block.subarray(0, left);
}

/** Five 99 MB CSV entries, deflated as they are made and written chunk by chunk: the test never holds one whole. */
function writeInflatingZip(file: string): number {
  const fd = openSync(file, "w");
  let written = 0;
  const zip = new Zip((err, chunk) => {
    if (err) throw err;
    writeSync(fd, chunk);
    written += chunk.length;
  });
  for (let i = 1; i <= 5; i++) {
    const entry = new ZipDeflate(`actors-${i}.csv`, { level: 6 });
    zip.add(entry);
    let pending: Buffer | undefined;
    for (const chunk of csvChunks(99 * MB)) {
      if (pending) entry.push(pending);
      pending = chunk;
    }
    entry.push(pending!, true);
  }
  zip.end();
  closeSync(fd);
  return written;
}

function writeFile(file: string, chunks: Iterable<Buffer>): void {
  const fd = openSync(file, "w");
  for (const chunk of chunks) writeSync(fd, chunk);
  closeSync(fd);
}

let api: ChildProcess | undefined;
let base = "";
let headers: Record<string, string> = {};
let driver: Driver | undefined;
let mapId = "";

/** Kilobytes in a /proc/<pid>/status line (VmRSS, VmHWM). */
function statusKb(pid: number, field: string): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${field}:`));
  return Number(/(\d+)/.exec(line ?? "")?.[1] ?? 0);
}

/** The API's upload directories: none may outlive a request. */
const uploadDirs = () => readdirSync(tmpdir()).filter((n) => n.startsWith(`${UPLOAD_DIR_PREFIX}${api!.pid}-`));

/**
 * Runs `action` while /api/health is asked every 200 ms and the API's memory is read: the slowest health answer (a
 * failed one counts as infinitely slow) and the peak resident size (the kernel's high-water mark, and samples).
 */
async function watched<T>(action: () => Promise<T>): Promise<{ value: T; slowestHealthMs: number; peakRss: number }> {
  let running = true;
  let slowest = 0;
  let answers = 0;
  let peakKb = 0;
  const poll = (async () => {
    while (running) {
      const started = Date.now();
      try {
        const r = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(10_000) });
        if (r.status !== 200) slowest = Infinity;
        await r.arrayBuffer();
        answers++;
      } catch {
        slowest = Infinity;
      }
      slowest = Math.max(slowest, Date.now() - started);
      peakKb = Math.max(peakKb, statusKb(api!.pid!, "VmRSS"));
      await sleep(200);
    }
  })();
  let value: T;
  try {
    value = await action();
  } finally {
    running = false;
    await poll;
  }
  expect(answers).toBeGreaterThan(0);
  peakKb = Math.max(peakKb, statusKb(api!.pid!, "VmHWM"));
  return { value, slowestHealthMs: slowest, peakRss: peakKb * 1024 };
}

async function upload(file: string, name: string, query = ""): Promise<{ status: number; text: string }> {
  const form = new FormData();
  form.append("file", await openAsBlob(file), name);
  const r = await fetch(`${base}/api/maps/${mapId}/import${query}`, { method: "POST", headers, body: form });
  return { status: r.status, text: await r.text() };
}

/** The final state of an import job: uploads over 5 MB run as jobs. */
async function jobOutcome(href: string): Promise<{ status: string; error?: { statusCode: number; message: string } }> {
  for (;;) {
    const r = await fetch(`${base}${href}`, { headers });
    const job = (await r.json()) as { status: string; error?: { statusCode: number; message: string } };
    if (job.status !== "running") return job;
    await sleep(250);
  }
}

beforeAll(async () => {
  const neo = testNeo4j();
  driver = neo4j.driver(neo.uri, neo4j.auth.basic(neo.user, neo.password), { disableLosslessIntegers: true });
  const store = new AtlasStore(driver, []);
  const username = uniqueId("bounded");
  const { token } = await adminWithToken(store.accounts, username, `pw-${randomUUID()}`);
  headers = { authorization: `Bearer ${token}` };

  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  api = spawn(process.execPath, ["--import", "tsx", path.join(root, "server", "server.ts")], {
    cwd: root,
    env: apiProcessEnv(port),
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (i > 120 || api.exitCode !== null) throw new Error("the API did not start");
    await sleep(500);
  }
  mapId = uniqueId("bounded");
  const created = await fetch(`${base}/api/maps`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify({ id: mapId, name: "Bounded imports" }),
  });
  expect(created.status).toBe(201);
}, 90_000);

afterAll(async () => {
  if (api && api.exitCode === null) {
    const exited = new Promise((resolve) => api!.once("exit", resolve));
    api.kill("SIGTERM");
    await Promise.race([exited, sleep(10_000)]);
    if (api.exitCode === null) api.kill("SIGKILL");
  }
  await driver?.close();
  rmSync(work, { recursive: true, force: true });
});

describe("bounded imports", () => {
  it("refuses a zip that inflates to five 99 MB CSV files at the row limit, in bounded memory", async () => {
    const file = path.join(work, "inflating.zip");
    expect(writeInflatingZip(file)).toBeLessThan(5 * MB);
    const { value: r, slowestHealthMs, peakRss } = await watched(() => upload(file, "inflating.zip", "?format=csv"));
    expect(r.status, r.text).toBe(400);
    expect(r.text.length).toBeLessThan(64 * 1024);
    expect(JSON.parse(r.text).message).toContain("more than 200,000 actors in one import, the limit");
    expect(peakRss).toBeLessThan(MAX_RSS_BYTES);
    expect(slowestHealthMs).toBeLessThan(MAX_HEALTH_MS);
    expect(uploadDirs()).toEqual([]);
    expect(api!.exitCode).toBeNull();
  }, 180_000);

  it("refuses one 99 MB CSV of too many rows early, in bounded memory", async () => {
    const file = path.join(work, "actors.csv");
    writeFile(file, csvChunks(99 * MB));
    const started = Date.now();
    const {
      value: outcome,
      slowestHealthMs,
      peakRss,
    } = await watched(async () => {
      const r = await upload(file, "actors.csv");
      // Over 5 MB: a job, whose failure is the 400 its request would have had.
      expect(r.status, r.text).toBe(202);
      return jobOutcome((JSON.parse(r.text) as { href: string }).href);
    });
    expect(outcome.status).toBe("failed");
    expect(outcome.error?.statusCode).toBe(400);
    expect(outcome.error?.message).toContain("more than 200,000 actors in one import, the limit");
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(peakRss).toBeLessThan(MAX_RSS_BYTES);
    expect(slowestHealthMs).toBeLessThan(MAX_HEALTH_MS);
    expect(uploadDirs()).toEqual([]);
  }, 180_000);

  it("answers a CSV of 120,000 columns with a small 400 naming the column limit", async () => {
    const file = path.join(work, "wide.csv");
    const header = Array.from({ length: 120_000 }, (_, i) => `col${i}`).join(",");
    writeFile(file, [Buffer.from(`${header}\n`), Buffer.from(`${"x,".repeat(119_999)}x\n`)]);
    const { value: r, slowestHealthMs, peakRss } = await watched(() => upload(file, "actors.csv"));
    expect(r.status, r.text.slice(0, 500)).toBe(400);
    expect(r.text.length).toBeLessThan(64 * 1024);
    expect(JSON.parse(r.text).message).toContain(
      "the header line has more than 1000 columns; at most 1000 are allowed",
    );
    expect(peakRss).toBeLessThan(MAX_RSS_BYTES);
    expect(slowestHealthMs).toBeLessThan(MAX_HEALTH_MS);
    expect(uploadDirs()).toEqual([]);
  }, 60_000);

  it("answers a 240 MB JSON body with 413 before reading it", async () => {
    const started = Date.now();
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${base}/api/maps/${mapId}/import`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json", "content-length": String(240 * MB) },
      });
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on("error", reject);
      // A first megabyte only: the answer must not wait for the rest.
      req.write(Buffer.alloc(MB, " "));
    });
    expect(status).toBe(413);
    expect(Date.now() - started).toBeLessThan(MAX_HEALTH_MS);
    const health = await fetch(`${base}/api/health`);
    expect(health.status).toBe(200);
  }, 30_000);
});
