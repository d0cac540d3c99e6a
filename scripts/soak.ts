// `npm run soak [-- --minutes 10 --connections 50 --actors 10000]`: a bounded soak test on loopback. Starts a Neo4j
// instance of its own ("soak", bolt 7695) and the API as a child process, loads a synthetic map once (kept between
// runs), then runs mixed reads, writes, small imports and analysis from concurrent workers, restarts Neo4j once at the
// midpoint, and finally reads back every write the API acknowledged. Prints requests by kind and status, latency
// percentiles, acknowledged writes missing afterwards (must be 0), peak memory of the API and of Neo4j, and the outage
// as the clients saw it. Exits 1 when an acknowledged write is missing or the API did not recover.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import neo4jDriver from "neo4j-driver";
import { generateEcosystem, type SyntheticEcosystem } from "../server/analysis/synthetic";
import { adminWithToken } from "../server/auth/first-run";
import { RELATIONSHIP_TYPES } from "../server/domain/vocabulary";
import { AtlasStore } from "../server/store/atlas-store";
import { start, stop, type InstanceOptions } from "./neo4j";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// Inside the bench's working directory, which git already ignores.
const work = path.join(root, ".bench", "soak");
const { values } = parseArgs({
  options: {
    minutes: { type: "string", default: "10" },
    connections: { type: "string", default: "50" },
    actors: { type: "string", default: "10000" },
    port: { type: "string", default: "3095" },
    "bolt-port": { type: "string", default: "7695" },
    // Skips the Neo4j restart, to tell what the outage costs from what the load costs.
    "no-restart": { type: "boolean", default: false },
  },
});
const MINUTES = Number(values.minutes);
const CONNECTIONS = Number(values.connections);
const ACTORS = Number(values.actors);
const PORT = Number(values.port);
const MAP_ID = `soak-${ACTORS}`;
/** Every id this run creates starts with it, so runs against the kept map never collide. */
const RUN = `s${Date.now().toString(36)}`;
const API = `http://127.0.0.1:${PORT}/api`;
const M = `${API}/maps/${MAP_ID}`;
const REQUEST_TIMEOUT_MS = 120_000;
const log = (msg: string) => process.stderr.write(`[soak] ${new Date().toISOString().slice(11, 19)} ${msg}\n`);

if (!(MINUTES > 0) || !(CONNECTIONS >= 1) || !(ACTORS >= 100)) {
  throw new Error("--minutes must be > 0, --connections >= 1 and --actors >= 100");
}
mkdirSync(work, { recursive: true });

// ---- Neo4j and the API ------------------------------------------------------------------------------------------

// A fixed, modest size rather than memorySettings()'s quarter of the machine: the soak shares the machine, and with
// -XX:+AlwaysPreTouch the heap is resident from the start, so Neo4j's peak memory mostly reads back this setting.
const neo4jOptions: InstanceOptions = {
  name: "soak",
  boltPort: Number(values["bolt-port"]),
  heap: process.env.NEO4J_HEAP || "2g",
  pageCache: process.env.NEO4J_PAGECACHE || "1g",
};
log(`Neo4j 'soak' (heap ${neo4jOptions.heap}, page cache ${neo4jOptions.pageCache})`);
const db = await start(neo4jOptions);

/** Peak resident set of a process (VmHWM), in MB; undefined once it is gone. */
function peakMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const kb = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return kb ? Number(kb[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

const apiLog = path.join(work, "api.log");
const api: ChildProcess = spawn(process.execPath, ["--import", "tsx", path.join(root, "server", "server.ts")], {
  cwd: root,
  env: {
    ...process.env,
    PORT: String(PORT),
    HOST: "127.0.0.1",
    NEO4J_URI: db.uri,
    NEO4J_USER: db.user,
    NEO4J_PASSWORD: db.password,
    SEED_SAMPLE: "false",
    LOG_LEVEL: "warn",
    // One account makes every write here; the per-account budget guards against abuse, not against this load.
    ATLAS_WRITE_RATE_LIMIT: "1000000",
  },
  // Each request refused during the outage logs a warning: kept in a file, out of the report.
  stdio: ["ignore", openSync(apiLog, "a"), openSync(apiLog, "a")],
});
const stopApi = async () => {
  if (api.exitCode !== null) return;
  api.kill("SIGTERM");
  await new Promise((r) => api.once("exit", r));
};
process.once("SIGINT", () => void stopApi().then(() => process.exit(130)));

for (const deadline = Date.now() + 60_000; ;) {
  if (
    await fetch(`${API}/health`).then(
      (r) => r.ok,
      () => false,
    )
  )
    break;
  if (Date.now() > deadline || api.exitCode !== null) throw new Error(`the API did not start; see ${apiLog}`);
  await new Promise((r) => setTimeout(r, 250));
}
// The soak calls the API as an admin of its own, made beside the API in the same Neo4j.
const token = await (async () => {
  const driver = neo4jDriver.driver(db.uri, neo4jDriver.auth.basic(db.user, db.password));
  try {
    return (await adminWithToken(new AtlasStore(driver, []).accounts, `soak-${RUN}`, randomUUID())).token;
  } finally {
    await driver.close();
  }
})();
const auth = { authorization: `Bearer ${token}` };

// ---- requests ---------------------------------------------------------------------------------------------------

/** A status code, or what went wrong before one arrived. */
type Outcome = number | "network" | "timeout";
interface Sample {
  kind: string;
  outcome: Outcome;
  /** Start, in ms since the traffic began. */
  at: number;
  ms: number;
  /** For 503s: whether Neo4j was away or the API shed load. */
  overloaded?: boolean;
  /** For other answers than 2xx, the start of the error message. */
  message?: string;
}
const samples: Sample[] = [];
let t0 = performance.now();

interface Answer {
  outcome: Outcome;
  body: unknown;
  headers: Headers | undefined;
}

async function call(
  kind: string,
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const at = performance.now();
  let outcome: Outcome;
  let parsed: unknown;
  let responseHeaders: Headers | undefined;
  try {
    const response = await fetch(url, {
      method,
      headers: {
        ...auth,
        ...(body !== undefined && !(body instanceof FormData) ? { "content-type": "application/json" } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    outcome = response.status;
    responseHeaders = response.headers;
    // Read whole in every case: the latency is the time to the last byte.
    const text = await response.text();
    parsed = (response.headers.get("content-type") ?? "").includes("json") && text ? JSON.parse(text) : text;
  } catch (err) {
    const name = (err as Error).name;
    outcome = name === "TimeoutError" || name === "AbortError" ? "timeout" : "network";
  }
  const sample: Sample = { kind, outcome, at: at - t0, ms: performance.now() - at };
  const message = (parsed as { message?: unknown } | undefined)?.message;
  if (!ok(outcome)) sample.message = typeof message === "string" ? message.slice(0, 160) : undefined;
  if (outcome === 503) sample.overloaded = /overloaded/.test(sample.message ?? "");
  samples.push(sample);
  return { outcome, body: parsed, headers: responseHeaders };
}
const ok = (o: Outcome) => typeof o === "number" && o >= 200 && o < 300;

// ---- the map ----------------------------------------------------------------------------------------------------

const eco = generateEcosystem({ actors: ACTORS, seed: 1 });

async function ensureMap(): Promise<void> {
  const existing = await call("setup", "GET", M);
  const counts = (existing.body as { counts?: { actors?: number } }).counts;
  if (existing.outcome === 200 && (counts?.actors ?? 0) >= ACTORS) {
    log(`map '${MAP_ID}' is there from an earlier run (${counts!.actors} actors)`);
    return;
  }
  if (existing.outcome === 200) await call("setup", "DELETE", M);
  const created = await call("setup", "POST", `${API}/maps`, { id: MAP_ID, name: `Soak ${ACTORS}` });
  if (created.outcome !== 201)
    throw new Error(`creating map ${MAP_ID}: ${created.outcome} ${JSON.stringify(created.body)}`);
  log(`importing ${ACTORS} synthetic actors into '${MAP_ID}'...`);
  const file = path.join(work, `ecosystem-${ACTORS}.json`);
  if (!existsSync(file)) writeFileSync(file, JSON.stringify(eco));
  const started = performance.now();
  const answer = await upload(readFileSync(file, "utf8"), `${M}/import?format=json&async=true`, "setup");
  if (!answer.done) throw new Error(`import of the ${ACTORS}-actor map: ${answer.outcome} ${answer.detail}`);
  log(`imported in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** Uploads a JSON bundle as a multipart file; follows the job when the API answers 202. */
async function upload(
  json: string,
  url: string,
  kind: string,
): Promise<{ outcome: Outcome; done: boolean; detail: string }> {
  const form = new FormData();
  form.append("file", new Blob([json], { type: "application/json" }), "bundle.json");
  const answer = await call(kind, "POST", url, form);
  if (answer.outcome === 200) return { outcome: 200, done: true, detail: "" };
  if (answer.outcome !== 202) return { outcome: answer.outcome, done: false, detail: JSON.stringify(answer.body) };
  const { jobId } = answer.body as { jobId: string };
  for (const deadline = performance.now() + 10 * 60_000; ;) {
    if (performance.now() > deadline) return { outcome: "timeout", done: false, detail: `job ${jobId} still running` };
    await new Promise((r) => setTimeout(r, 250));
    const job = await call(`${kind} job`, "GET", `${M}/imports/${jobId}`);
    if (job.outcome !== 200) {
      // The job lives in the API's memory: a 503 means Neo4j is away, not that the job is lost.
      if (job.outcome === 503 || job.outcome === "network" || job.outcome === "timeout") continue;
      return { outcome: job.outcome, done: false, detail: `job ${jobId}: ${JSON.stringify(job.body)}` };
    }
    const state = job.body as { status: string; error?: unknown };
    if (state.status === "done") return { outcome: 202, done: true, detail: "" };
    if (state.status === "failed")
      return { outcome: 202, done: false, detail: `job ${jobId}: ${JSON.stringify(state.error)}` };
  }
}

await ensureMap();

// ---- what the soak wrote, and what must be there afterwards ----------------------------------------------------

type EntityKind = "actor" | "relationship" | "need" | "commitment";
interface Written {
  kind: EntityKind;
  id: string;
  /** Yes after an acknowledged create, no after an acknowledged delete, unknown when the last word was an error. */
  present: boolean | "unknown";
  /** An actor's description as last acknowledged, and those of later unacknowledged PATCHes (either may be stored). */
  description?: string;
  pending: string[];
  /** The request that set the expectation, for the report. */
  ack: string;
}
const written = new Map<string, Written>();
const key = (kind: EntityKind, id: string) => `${kind}:${id}`;
/** Entities a worker holds, so no two workers write the same one and each expectation stays exact. */
const busy = new Set<string>();
let serial = 0;
const nextId = (prefix: string) => `${RUN}-${prefix}${(serial++).toString(36)}`;
const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!;
const sec = () => ((performance.now() - t0) / 1000).toFixed(1);

/** Whether an answer leaves the write's outcome open: no answer, or a 5xx (the commit may have happened first). */
const undecided = (o: Outcome) => !(typeof o === "number" && o < 500);

function record(kind: EntityKind, id: string, outcome: Outcome, what: string, present: boolean): Written | undefined {
  const k = key(kind, id);
  // A 4xx refused the write and wrote nothing: the expectation stands as it was.
  if (!ok(outcome) && !undecided(outcome)) return written.get(k);
  const entry = written.get(k) ?? { kind, id, present: "unknown" as const, pending: [], ack: "" };
  entry.present = ok(outcome) ? present : entry.present === present ? present : "unknown";
  entry.ack = `${what} -> ${outcome} at ${sec()} s`;
  written.set(k, entry);
  return entry;
}

/** Answers that contradict an acknowledged write, seen during the traffic (a 404 for an entity known to exist...). */
const anomalies: string[] = [];

/** A soak-written entity of this kind that no other worker holds, taken; undefined when there is none. */
function take(kind: EntityKind, filter: (w: Written) => boolean): Written | undefined {
  const candidates = [...written.values()].filter(
    (w) => w.kind === kind && w.present === true && !busy.has(key(kind, w.id)) && filter(w),
  );
  if (candidates.length === 0) return undefined;
  const chosen = pick(candidates);
  busy.add(key(kind, chosen.id));
  return chosen;
}

// Commitments pair an offering and a need of the same unit from different actors, among the loaded ones.
const offeringsByUnit = new Map<string, SyntheticEcosystem["offerings"]>();
for (const o of eco.offerings) offeringsByUnit.set(o.unit ?? "", [...(offeringsByUnit.get(o.unit ?? "") ?? []), o]);
const needsWithOfferings = eco.needs.filter((n) => offeringsByUnit.has(n.unit ?? ""));

// ---- the traffic -------------------------------------------------------------------------------------------------

let importSerial = 0;
const ops: Array<[weight: number, name: string, run: () => Promise<unknown>]> = [
  [1, "graph", () => call("GET graph", "GET", `${M}/graph`)],
  [12, "get actor", () => call("GET actor", "GET", `${M}/actors/${pick(eco.actors).id}`)],
  [8, "get need", () => call("GET need", "GET", `${M}/needs/${pick(eco.needs).id}`)],
  [
    10,
    "list",
    () =>
      pick([
        () => call("GET list", "GET", `${M}/actors?type=school&limit=50&offset=${Math.floor(Math.random() * 500)}`),
        () => call("GET list", "GET", `${M}/needs?category=mentoring&status=open&limit=50`),
        () => call("GET list", "GET", `${M}/offerings?q=software&limit=20`),
        () => call("GET list", "GET", `${M}/relationships?limit=100&offset=${Math.floor(Math.random() * 10_000)}`),
      ])(),
  ],
  [2, "summary", () => call("GET summary", "GET", `${M}/analysis/summary`)],
  [2, "gaps", () => call("GET gaps", "GET", `${M}/analysis/gaps?limit=50`)],
  [2, "degree", () => call("GET centrality", "GET", `${M}/analysis/centrality?metrics=degree&limit=50`)],
  [2, "pagerank", () => call("GET centrality", "GET", `${M}/analysis/centrality?metrics=pagerank&limit=50`)],
  [4, "matches", () => call("GET matches", "GET", `${M}/needs/${pick(eco.needs).id}/matches?limit=10`)],
  [8, "create actor", createActor],
  [6, "patch actor", patchActor],
  [3, "delete actor", deleteActor],
  [8, "create relationship", createRelationship],
  [3, "delete relationship", deleteRelationship],
  [4, "create commitment", createCommitment],
  [0.3, "import", smallImport],
];
const totalWeight = ops.reduce((s, [w]) => s + w, 0);
function chooseOp() {
  let r = Math.random() * totalWeight;
  for (const op of ops) if ((r -= op[0]) < 0) return op;
  return ops[0]!;
}

async function createActor() {
  const id = nextId("a");
  const description = `created by soak ${RUN}`;
  const answer = await call("POST actor", "POST", `${M}/actors`, {
    id,
    name: `Soak actor ${id}`,
    type: pick(["school", "nonprofit", "library", "community_group"]),
    description,
    tags: ["soak"],
  });
  const entry = record("actor", id, answer.outcome, "POST actor", true);
  if (entry && ok(answer.outcome)) entry.description = description;
  else if (entry) entry.pending.push(description);
}

/** Actors and ties this run made one by one: imported ones are left alone, since deleting an actor takes its ties. */
const own = (prefix: string) => (w: Written) => w.id.startsWith(`${RUN}-${prefix}`);

async function patchActor() {
  const actor = take("actor", own("a"));
  if (!actor) return createActor();
  try {
    const read = await call("GET actor", "GET", `${M}/actors/${actor.id}`);
    if (read.outcome === 404) anomalies.push(`GET actor ${actor.id} answered 404 after ${actor.ack}`);
    const etag = read.headers?.get("etag");
    if (read.outcome !== 200 || !etag) return;
    const description = `patched by soak ${RUN} at ${sec()} s`;
    const answer = await call("PATCH actor", "PATCH", `${M}/actors/${actor.id}`, { description }, { "if-match": etag });
    if (ok(answer.outcome)) {
      actor.description = description;
      actor.pending = [];
      actor.ack = `PATCH actor -> ${answer.outcome} at ${sec()} s`;
    } else if (undecided(answer.outcome)) {
      actor.pending.push(description);
    } else if (answer.outcome === 404 || answer.outcome === 412) {
      // No other worker writes this actor, so its version cannot have moved since the read.
      anomalies.push(`PATCH actor ${actor.id} with If-Match ${etag} answered ${answer.outcome} after ${actor.ack}`);
    }
  } finally {
    busy.delete(key("actor", actor.id));
  }
}

async function deleteActor() {
  const actor = take("actor", own("a"));
  if (!actor) return createActor();
  try {
    const answer = await call("DELETE actor", "DELETE", `${M}/actors/${actor.id}`);
    if (answer.outcome === 404) anomalies.push(`DELETE actor ${actor.id} answered 404 after ${actor.ack}`);
    record("actor", actor.id, answer.outcome, "DELETE actor", false);
  } finally {
    busy.delete(key("actor", actor.id));
  }
}

async function createRelationship() {
  const id = nextId("r");
  const from = pick(eco.actors).id;
  let to = pick(eco.actors).id;
  while (to === from) to = pick(eco.actors).id;
  const answer = await call("POST relationship", "POST", `${M}/relationships`, {
    id,
    from,
    to,
    type: pick(RELATIONSHIP_TYPES),
    weight: 1 + Math.floor(Math.random() * 5),
  });
  record("relationship", id, answer.outcome, "POST relationship", true);
}

async function deleteRelationship() {
  const tie = take("relationship", own("r"));
  if (!tie) return createRelationship();
  try {
    const answer = await call("DELETE relationship", "DELETE", `${M}/relationships/${tie.id}`);
    if (answer.outcome === 404) anomalies.push(`DELETE relationship ${tie.id} answered 404 after ${tie.ack}`);
    record("relationship", tie.id, answer.outcome, "DELETE relationship", false);
  } finally {
    busy.delete(key("relationship", tie.id));
  }
}

async function createCommitment() {
  const need = pick(needsWithOfferings);
  const offering = pick(offeringsByUnit.get(need.unit ?? "")!.filter((o) => o.actorId !== need.actorId));
  if (!offering) return;
  const id = nextId("c");
  const answer = await call("POST commitment", "POST", `${M}/commitments`, {
    id,
    offeringId: offering.id,
    needId: need.id,
    amount: 1,
    by: "soak",
  });
  record("commitment", id, answer.outcome, "POST commitment", true);
}

/** A few hundred items (actors, their ties and needs) as a multipart JSON upload, under fresh ids. */
async function smallImport() {
  const k = importSerial++;
  const small = generateEcosystem({ actors: 60, seed: 1000 + k, relationshipsPerActor: 2 });
  const prefix = `${RUN}-i${k}-`;
  const bundle = {
    actors: small.actors.map((a) => ({ ...a, id: prefix + a.id })),
    relationships: small.relationships.map((r) => ({
      ...r,
      id: prefix + r.id,
      from: prefix + r.from,
      to: prefix + r.to,
    })),
    needs: small.needs.map((n) => ({ ...n, id: prefix + n.id, actorId: prefix + n.actorId })),
  };
  const answer = await upload(JSON.stringify(bundle), `${M}/import?format=json`, "POST import");
  const what = `import ${k} (${bundle.actors.length + bundle.relationships.length + bundle.needs.length} items)`;
  const outcome = answer.done ? 200 : answer.outcome;
  for (const a of bundle.actors) record("actor", a.id, outcome, what, true);
  for (const r of bundle.relationships) record("relationship", r.id, outcome, what, true);
  for (const n of bundle.needs) record("need", n.id, outcome, what, true);
  if (!answer.done && typeof answer.outcome === "number" && answer.outcome < 500)
    log(`import ${k} refused: ${answer.outcome} ${answer.detail.slice(0, 300)}`);
}

// ---- memory -----------------------------------------------------------------------------------------------------

let neo4jPid: number | undefined = db.pid;
let neo4jPeak = 0;
let apiPeak = 0;
const sampleMemory = () => {
  apiPeak = Math.max(apiPeak, peakMb(api.pid) ?? 0);
  neo4jPeak = Math.max(neo4jPeak, peakMb(neo4jPid) ?? 0);
};
const memoryTimer = setInterval(sampleMemory, 2000);

// ---- run --------------------------------------------------------------------------------------------------------

const durationMs = MINUTES * 60_000;
log(`${CONNECTIONS} workers for ${MINUTES} min against '${MAP_ID}' (run ${RUN})`);
t0 = performance.now();
const endAt = t0 + durationMs;
let stopping = false;

const outage: { stopAt?: number; downAt?: number; upAt?: number; error?: string } = {};
const restart = (async () => {
  if (values["no-restart"]) return;
  await new Promise((r) => setTimeout(r, durationMs / 2));
  if (stopping) return;
  sampleMemory();
  log("restarting Neo4j...");
  outage.stopAt = performance.now() - t0;
  await stop("soak");
  outage.downAt = performance.now() - t0;
  neo4jPid = undefined;
  try {
    const again = await start(neo4jOptions);
    neo4jPid = again.pid;
    outage.upAt = performance.now() - t0;
    log(`Neo4j is back after ${((outage.upAt - outage.stopAt) / 1000).toFixed(1)} s`);
  } catch (err) {
    outage.error = (err as Error).message;
    log(`Neo4j did not start again: ${outage.error}`);
  }
})();

const progress = setInterval(() => {
  const recent = samples.filter((s) => s.at > performance.now() - t0 - 10_000);
  const errs = recent.filter((s) => !ok(s.outcome)).length;
  log(`${sec()} s: ${samples.length} requests, last 10 s ${recent.length} (${errs} not 2xx)`);
}, 30_000);

async function worker() {
  while (performance.now() < endAt) {
    const before = samples.length;
    await chooseOp()[2]();
    // A client backs off briefly when refused, rather than spinning on quick 503s while Neo4j is away.
    const last = samples.slice(before);
    if (last.some((s) => s.outcome === 503 || s.outcome === "network")) await new Promise((r) => setTimeout(r, 200));
  }
}
await Promise.all(Array.from({ length: CONNECTIONS }, worker));
stopping = true;
clearInterval(progress);
await restart;
const trafficSeconds = (performance.now() - t0) / 1000;
// When Neo4j came back near the end, the traffic may not have shown the API answering again: ask until it does.
let recoveredAt: number | undefined;
if (outage.upAt !== undefined) {
  const upAt = outage.upAt;
  recoveredAt = samples
    .filter((s) => s.at >= upAt && ok(s.outcome))
    .reduce<number | undefined>((m, s) => Math.min(m ?? Infinity, s.at + s.ms), undefined);
}
if (outage.upAt !== undefined && recoveredAt === undefined) {
  for (const deadline = performance.now() + 120_000; performance.now() < deadline;) {
    const probe = await call("setup probe", "GET", `${M}/actors/${eco.actors[0]!.id}`);
    if (probe.outcome === 200) {
      recoveredAt = performance.now() - t0;
      break;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
log(`traffic done after ${trafficSeconds.toFixed(0)} s; reading back what was written...`);

// ---- verification -----------------------------------------------------------------------------------------------

interface Missing {
  entry: Written;
  found: string;
}
const missing: Missing[] = [];
let unknownFound = 0;
let unknownTotal = 0;
const graph = await (async () => {
  for (let attempt = 0; attempt < 10; attempt++) {
    const answer = await call("verify", "GET", `${M}/graph`);
    if (answer.outcome === 200)
      return answer.body as Record<
        "actors" | "relationships" | "needs" | "commitments",
        Array<{ id: string; description?: string }>
      >;
    log(`reading the map back: ${answer.outcome}; again in 5 s`);
    await new Promise((r) => setTimeout(r, 5000));
  }
  throw new Error("could not read the map back after the soak");
})();
const stored = new Map<string, { description?: string }>();
for (const kind of ["actors", "relationships", "needs", "commitments"] as const) {
  const singular = kind.slice(0, -1) as EntityKind;
  for (const item of graph[kind]) stored.set(key(singular, item.id), item);
}
const path1 = { actor: "actors", relationship: "relationships", need: "needs", commitment: "commitments" } as const;
for (const entry of written.values()) {
  const item = stored.get(key(entry.kind, entry.id));
  if (entry.present === "unknown") {
    unknownTotal++;
    if (item) unknownFound++;
    continue;
  }
  let problem: string | undefined;
  if (entry.present && !item) problem = "absent";
  else if (!entry.present && item) problem = "present after an acknowledged delete";
  else if (entry.present && entry.description !== undefined && item) {
    const allowed = [entry.description, ...entry.pending];
    if (!allowed.includes(item.description ?? "")) problem = `description is '${item.description}'`;
  }
  if (problem) {
    // Asked again one by one, so a fault of the whole-map read is not taken for lost data.
    const again = await call("verify", "GET", `${M}/${path1[entry.kind]}/${entry.id}`);
    missing.push({ entry, found: `${problem} in /graph; GET answers ${again.outcome}` });
  }
}
clearInterval(memoryTimer);
sampleMemory();
await stopApi();
// Nothing is left running: the instance holds gigabytes, and the next run starts it again in seconds.
await stop("soak");

// ---- report -----------------------------------------------------------------------------------------------------

const traffic = samples.filter((s) => !s.kind.startsWith("setup") && s.kind !== "verify");
writeFileSync(path.join(work, "samples.json"), JSON.stringify({ outage, samples: traffic }));
const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const ms = (x: number) => (Number.isNaN(x) ? "–" : x < 10 ? x.toFixed(1) : x.toFixed(0));
const label = (s: Sample) => (s.outcome === 503 && s.overloaded ? "503 overloaded" : String(s.outcome));
const byStatus = (list: Sample[]) => {
  const counts = new Map<string, number>();
  for (const s of list) counts.set(label(s), (counts.get(label(s)) ?? 0) + 1);
  return [...counts]
    .sort()
    .map(([k, n]) => `${k}: ${n}`)
    .join(", ");
};

const kinds = [...new Set(traffic.map((s) => s.kind))].sort();
const rows = kinds.map((kind) => {
  const list = traffic.filter((s) => s.kind === kind);
  const good = list
    .filter((s) => ok(s.outcome))
    .map((s) => s.ms)
    .sort((a, b) => a - b);
  return `| ${kind} | ${list.length} | ${byStatus(list)} | ${ms(percentile(good, 50))} | ${ms(percentile(good, 99))} |`;
});
const allGood = traffic
  .filter((s) => ok(s.outcome))
  .map((s) => s.ms)
  .sort((a, b) => a - b);

// The outage as the clients saw it: the answers that Neo4j's absence explains (503 "database unavailable", a 500 from
// a transaction the shutdown cut, a dropped connection) that ended between the stop and the first success of a request
// sent once Neo4j was back. Time-outs are left out: under this load they happen throughout, outage or not.
const recoveredBy = recoveredAt ?? Infinity;
const refusedAfterStop = traffic.filter(
  (s) =>
    outage.stopAt !== undefined &&
    s.at + s.ms >= outage.stopAt &&
    s.at + s.ms <= recoveredBy &&
    !s.overloaded &&
    (s.outcome === 503 || s.outcome === 500 || s.outcome === "network"),
);
const firstRefusal = refusedAfterStop.reduce((m, s) => Math.min(m, s.at + s.ms), Infinity);
const lastRefusal = refusedAfterStop.reduce((m, s) => Math.max(m, s.at + s.ms), -1);
const recovered = outage.stopAt === undefined || (outage.upAt !== undefined && recoveredAt !== undefined);
const s1 = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? "–" : `${(x / 1000).toFixed(1)} s`);

/** Throughput and median of successes before the stop, through the outage, and after it. */
const phase = (from: number, to: number) => {
  const list = traffic.filter((s) => s.at >= from && s.at < to);
  const good = list
    .filter((s) => ok(s.outcome))
    .map((s) => s.ms)
    .sort((a, b) => a - b);
  const seconds = Math.max(0.001, (Math.min(to, trafficSeconds * 1000) - from) / 1000);
  return `${(list.length / seconds).toFixed(1)} requests/s, ${((good.length / Math.max(1, list.length)) * 100).toFixed(0)}% 2xx, p50 ${ms(percentile(good, 50))} ms`;
};
const phases =
  outage.stopAt === undefined
    ? ""
    : `\nbefore the stop: ${phase(0, outage.stopAt)}; from the stop to recovery: ${phase(outage.stopAt, recoveredBy)}; after: ${phase(recoveredBy, Infinity)}`;

const acknowledged = [...written.values()].filter((w) => w.present !== "unknown").length;
console.log(`
Soak: ${CONNECTIONS} connections, ${trafficSeconds.toFixed(0)} s, map '${MAP_ID}' (${ACTORS} actors + what earlier runs added),
${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, Neo4j heap ${neo4jOptions.heap}, page cache ${neo4jOptions.pageCache}, ${new Date().toISOString()}

requests: ${traffic.length} (${(traffic.length / trafficSeconds).toFixed(0)}/s); by status: ${byStatus(traffic)}
latency of 2xx answers, all kinds: p50 ${ms(percentile(allGood, 50))} ms, p99 ${ms(percentile(allGood, 99))} ms

| kind | requests | by status | p50 ms (2xx) | p99 ms (2xx) |
| ---- | -------: | --------- | -----------: | -----------: |
${rows.join("\n")}

Neo4j restart: ${
  outage.stopAt === undefined
    ? "not done"
    : `stop at ${s1(outage.stopAt)}, down at ${s1(outage.downAt)}, answering again at ${s1(outage.upAt)}${outage.error ? ` (failed: ${outage.error})` : ""}`
}
outage seen by clients: ${
  refusedAfterStop.length === 0
    ? "no refused request"
    : `${refusedAfterStop.length} refused (${byStatus(refusedAfterStop)}), answered from ${s1(firstRefusal)} to ${s1(lastRefusal)}; first success of a request sent after Neo4j was back at ${s1(recoveredAt)}`
}
API recovered by itself: ${outage.stopAt === undefined ? "no restart (--no-restart)" : recovered ? `yes, answering 200 ${s1((recoveredAt ?? 0) - (outage.upAt ?? 0))} after Neo4j was back` : "NO"}${phases}

writes acknowledged: ${acknowledged} entities (creates, PATCHes, deletes; import items counted one by one)
acknowledged writes missing afterwards: ${missing.length}; answers contradicting an acknowledged write: ${anomalies.length}
unacknowledged writes (error or no answer; outcome unknown): ${unknownTotal}, of which stored: ${unknownFound}
peak resident memory: API ${apiPeak.toFixed(0)} MB, Neo4j ${neo4jPeak.toFixed(0)} MB (VmHWM, largest of its two processes)`);
for (const a of anomalies.slice(0, 50)) console.log(`  during the traffic: ${a}`);
for (const m of missing.slice(0, 50))
  console.log(`  missing: ${m.entry.kind} ${m.entry.id} (${m.entry.ack}): ${m.found}`);
if (missing.length > 50) console.log(`  ... and ${missing.length - 50} more`);
log(`API log: ${path.relative(root, apiLog)}`);
process.exit(missing.length === 0 && anomalies.length === 0 && recovered ? 0 : 1);
