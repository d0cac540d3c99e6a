// Loads a generated ecosystem into a map the way a user does: the JSON bundle file (scripts/generate.ts) uploaded
// in one request to a running API, which imports it as a job. Measures the time from upload to finished job and the
// API process's peak memory (resident set) during the import.
import { spawn, type ChildProcess } from "node:child_process";
import { openAsBlob, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import neo4jDriver from "neo4j-driver";
import { adminWithToken } from "../../server/auth/first-run";
import { AtlasStore } from "../../server/store/atlas-store";

export interface ImportMeasure {
  items: number;
  seconds: number;
  /** Peak resident memory of the API process while it imported, in MB. */
  peakRssMb: number;
  /** Size of the uploaded file, in MB. */
  fileMb: number;
}

const PORT = 3094;
const api = `http://127.0.0.1:${PORT}/api`;

export interface BenchApi {
  importFile(mapId: string, name: string, file: string): Promise<ImportMeasure>;
  stop(): Promise<void>;
}

/** Starts the API (server/server.ts) against the bench's Neo4j; one process for every size. */
export async function startApi(
  root: string,
  neo4j: { uri: string; user: string; password: string },
  log: (msg: string) => void,
): Promise<BenchApi> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", path.join(root, "server", "server.ts")], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(PORT),
      HOST: "127.0.0.1",
      NEO4J_URI: neo4j.uri,
      NEO4J_USER: neo4j.user,
      NEO4J_PASSWORD: neo4j.password,
      SEED_SAMPLE: "false",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const up = await fetch(`${api}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error("the API did not start for the bench");
    await new Promise((r) => setTimeout(r, 250));
  }
  // The bench calls the API as an admin of its own, made beside the API in the same Neo4j.
  const driver = neo4jDriver.driver(neo4j.uri, neo4jDriver.auth.basic(neo4j.user, neo4j.password));
  const { token } = await adminWithToken(
    new AtlasStore(driver, []).accounts,
    `bench-${randomUUID().slice(0, 8)}`,
    randomUUID(),
  ).finally(() => driver.close());
  const auth = { authorization: `Bearer ${token}` };
  const status = `/proc/${child.pid}/status`;
  const peakKb = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(status, "utf8"))![1]);

  return {
    async importFile(mapId, name, file) {
      const created = await fetch(`${api}/maps`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ id: mapId, name, description: "npm run bench" }),
      });
      if (created.status !== 201) throw new Error(`creating map ${mapId}: ${created.status} ${await created.text()}`);
      // The peak resident set starts again from what the process holds now (Linux: clear_refs 5).
      writeFileSync(`/proc/${child.pid}/clear_refs`, "5");
      const form = new FormData();
      form.append("file", await openAsBlob(file), path.basename(file));
      const started = performance.now();
      const accepted = await fetch(`${api}/maps/${mapId}/import?format=json&async=true`, {
        method: "POST",
        headers: auth,
        body: form,
      });
      const { jobId } = (await accepted.json()) as { jobId: string };
      if (accepted.status !== 202) throw new Error(`import of ${file}: ${accepted.status}`);
      let lastLog = 0;
      for (;;) {
        await new Promise((r) => setTimeout(r, 100));
        const job = (await (await fetch(`${api}/maps/${mapId}/imports/${jobId}`, { headers: auth })).json()) as {
          status: string;
          progress: { phase: string; done: number; total: number };
          result?: { counts: Record<string, number> };
          error?: { message: string };
        };
        if (job.status === "failed") throw new Error(`import of ${file} failed: ${job.error?.message}`);
        if (job.status === "done") {
          const seconds = (performance.now() - started) / 1000;
          const items = Object.values(job.result!.counts).reduce((a, b) => a + b, 0);
          return { items, seconds, peakRssMb: peakKb() / 1024, fileMb: statSync(file).size / 2 ** 20 };
        }
        if (performance.now() - lastLog > 10_000) {
          lastLog = performance.now();
          log(`  ${job.progress.phase} ${job.progress.done} / ${job.progress.total}`);
        }
      }
    },
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    },
  };
}
