// The supervisor (scripts/serve.ts) brings the API back after it is killed or stops answering, and a SIGTERM stops
// both. Runs the real API process against the test Neo4j server.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { apiProcessEnv, freePort } from "../helpers/api-process";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

let supervisor: ChildProcess | undefined;
const apiPids = new Set<number>();
afterAll(() => {
  // Only when the test failed half-way: nothing of it may outlive the suite.
  for (const pid of apiPids) if (isAlive(pid)) process.kill(pid, "SIGKILL");
  if (supervisor?.exitCode === null) supervisor.kill("SIGKILL");
});

describe("the supervisor", () => {
  it(
    "restarts the API when it is killed or stops answering, and stops it on SIGTERM",
    { timeout: 240_000 },
    async () => {
      const port = await freePort();
      const health = `http://127.0.0.1:${port}/api/health`;
      let log = "";
      supervisor = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts", "serve.ts")], {
        cwd: root,
        env: apiProcessEnv(port, { ATLAS_HEALTH_INTERVAL_S: "0.5", ATLAS_HEALTH_TIMEOUT_S: "3" }),
        stdio: ["ignore", "ignore", "pipe"],
      });
      supervisor.stderr!.setEncoding("utf8").on("data", (chunk: string) => (log += chunk));
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        supervisor!.once("exit", (code, signal) => resolve({ code, signal })),
      );

      /** The pid of the API the supervisor started after `previous` (from its "started the API (pid N)" line). */
      const apiPid = async (previous?: number): Promise<number> => {
        const deadline = Date.now() + 60_000;
        for (;;) {
          const pids = [...log.matchAll(/started the API \(pid (\d+)\)/g)].map((m) => Number(m[1]));
          const pid = pids.at(-1);
          if (pid !== undefined && pid !== previous) {
            apiPids.add(pid);
            return pid;
          }
          if (Date.now() > deadline) throw new Error(`no new API process; supervisor log:\n${log}`);
          await sleep(100);
        }
      };
      /** The supervisor has seen `pid` answer, so from now on it judges it by ATLAS_HEALTH_TIMEOUT_S. */
      const answered = async (pid: number) => {
        const deadline = Date.now() + 60_000;
        while (!log.includes(`the API (pid ${pid}) answers`)) {
          if (Date.now() > deadline) throw new Error(`pid ${pid} never answered the supervisor; its log:\n${log}`);
          await sleep(100);
        }
      };
      const healthy = async (what: string) => {
        const deadline = Date.now() + 90_000;
        for (;;) {
          try {
            const r = await fetch(health, { signal: AbortSignal.timeout(2_000) });
            if (r.status === 200) return (await r.json()) as unknown;
          } catch {
            // Not up yet.
          }
          if (Date.now() > deadline) throw new Error(`${what}: /api/health did not answer; supervisor log:\n${log}`);
          await sleep(250);
        }
      };

      const first = await apiPid();
      expect(await healthy("first start")).toMatchObject({ status: "ok", api: "up", neo4j: { status: "up" } });

      // A crash: the supervisor sees the exit and starts a new process.
      process.kill(first, "SIGKILL");
      const second = await apiPid(first);
      expect(second).not.toBe(first);
      expect(isAlive(first)).toBe(false);
      await healthy("after SIGKILL");
      expect(log).toMatch(/the API exited \(signal SIGKILL\); restart #\d+ in \d+ s/);

      // A hang: the process is there but does not answer, so the supervisor stops it (forcibly) and starts another.
      await answered(second);
      process.kill(second, "SIGSTOP");
      const third = await apiPid(second);
      expect(log).toMatch(/has not answered \/api\/health for \d+ s; stopping it/);
      expect(isAlive(second)).toBe(false);
      await healthy("after a hang");
      await answered(third);

      supervisor.kill("SIGTERM");
      const { code } = await exited;
      expect(code).toBe(0);
      expect(isAlive(third)).toBe(false);
      expect(log).toMatch(/SIGTERM: stopping the API/);
      expect(log).toMatch(/the API stopped/);
      await expect(fetch(health, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
    },
  );
});
