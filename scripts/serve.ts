// `npm run serve`: runs the API (server/server.ts) as a child process and keeps it running. The child is restarted,
// with a growing delay, when it exits abnormally or when /api/health stops answering (it is stopped first, forcibly
// if need be). SIGTERM and SIGINT are passed on to it, and the supervisor exits once it has stopped. Neo4j is not
// started here: NEO4J_URI names it (see "Running in production" in the README).
//
//   PORT, HOST                 where the API listens (as for server/server.ts); the health probe asks there
//   ATLAS_HEALTH_INTERVAL_S    how often /api/health is asked (default 5)
//   ATLAS_HEALTH_TIMEOUT_S     how long it may go unanswered before the API is restarted (default 30)
//   ATLAS_START_TIMEOUT_S      how long a new API process has to answer for the first time (default 120)
//   ATLAS_SERVE_PID_FILE       a file to keep the current API process id in (optional)
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function seconds(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback * 1000;
  const value = Number(raw);
  if (!(value > 0)) throw new Error(`serve: ${name} must be a positive number of seconds, not '${raw}'`);
  return value * 1000;
}

const port = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port <= 0 || port > 65535)
  // Port 0 would let the API pick one the probe cannot know.
  throw new Error(`serve: PORT must be a port number from 1 to 65535, not '${process.env.PORT}'`);
const host = process.env.HOST ?? "localhost";
const healthInterval = seconds("ATLAS_HEALTH_INTERVAL_S", 5);
const healthTimeout = seconds("ATLAS_HEALTH_TIMEOUT_S", 30);
const startTimeout = seconds("ATLAS_START_TIMEOUT_S", 120);
const pidFile = process.env.ATLAS_SERVE_PID_FILE;

/** A wildcard address is not one to connect to; the probe asks the loopback interface instead. */
function probeHost(listen: string): string {
  if (listen === "0.0.0.0" || listen === "") return "127.0.0.1";
  if (listen === "::") return "[::1]";
  return listen.includes(":") && !listen.startsWith("[") ? `[${listen}]` : listen;
}
const healthUrl = `http://${probeHost(host)}:${port}/api/health`;

const FIRST_DELAY = 1_000;
const MAX_DELAY = 60_000;
/** An API that ran this long before failing was not crash-looping: the next restart is quick again. */
const STABLE_AFTER = 60_000;
/** How long a stopping API has to close its connections before it is killed. */
const STOP_GRACE = 10_000;

const log = (message: string) => process.stderr.write(`[serve] ${new Date().toISOString()} ${message}\n`);

let child: ChildProcess | undefined;
let stopping = false;
let delay = FIRST_DELAY;
let restarts = 0;
let probeTimer: NodeJS.Timeout | undefined;
let restartTimer: NodeJS.Timeout | undefined;

function startApi() {
  restartTimer = undefined;
  const startedAt = Date.now();
  // The API runs under tsx as the supervisor does; its own log goes to the same stdout and stderr.
  const api = spawn(process.execPath, ["--import", "tsx", path.join(root, "server", "server.ts")], {
    cwd: root,
    env: process.env,
    stdio: "inherit",
  });
  child = api;
  if (pidFile && api.pid !== undefined) writeFileSync(pidFile, `${api.pid}\n`);
  log(`started the API (pid ${api.pid}), health at ${healthUrl}`);

  let answeredAt: number | undefined;
  let degraded = false;
  let killing = false;
  const probe = async () => {
    try {
      // Any answer shows the API alive: a 503 means Neo4j is down, which restarting the API would not mend.
      const response = await fetch(healthUrl, { signal: AbortSignal.timeout(Math.min(healthInterval, 10_000)) });
      await response.body?.cancel();
      if (answeredAt === undefined)
        log(`the API (pid ${api.pid}) answers, ${((Date.now() - startedAt) / 1000).toFixed(1)} s after its start`);
      answeredAt = Date.now();
      if ((response.status !== 200) !== degraded) {
        degraded = !degraded;
        log(degraded ? `the API answers ${response.status}: degraded (Neo4j unreachable?)` : "the API is healthy");
      }
    } catch {
      // Unanswered: the deadline below decides.
    }
    if (child !== api || stopping || killing) return;
    const silentFor = Date.now() - (answeredAt ?? startedAt);
    const limit = answeredAt === undefined ? startTimeout : healthTimeout;
    if (silentFor > limit) {
      killing = true;
      log(
        `the API (pid ${api.pid}) has not answered ${answeredAt === undefined ? "since it started" : "/api/health"} ` +
          `for ${Math.round(silentFor / 1000)} s; stopping it`,
      );
      stopChild(api, "SIGTERM");
      return;
    }
    probeTimer = setTimeout(() => void probe(), healthInterval);
  };
  probeTimer = setTimeout(() => void probe(), healthInterval);

  api.once("exit", (code, signal) => {
    clearTimeout(probeTimer);
    if (child === api) child = undefined;
    if (pidFile) rmSync(pidFile, { force: true });
    const how = signal ? `signal ${signal}` : `code ${code}`;
    if (stopping) {
      log(`the API stopped (${how})`);
      process.exit(code ?? 0);
    }
    if (code === 0 && !killing) {
      // It chose to stop (a signal sent to it directly): so does the supervisor, as systemd's Restart=on-failure would.
      log("the API exited normally; stopping");
      process.exit(0);
    }
    delay = Date.now() - startedAt > STABLE_AFTER ? FIRST_DELAY : delay;
    restarts += 1;
    log(`the API exited (${how}); restart #${restarts} in ${delay / 1000} s`);
    restartTimer = setTimeout(startApi, delay);
    delay = Math.min(delay * 2, MAX_DELAY);
  });
  api.once("error", (err) => log(`could not run the API: ${err.message}`));
}

/** Sends `signal`, then SIGKILL if the process is still there after the grace period (a hung loop ignores SIGTERM). */
function stopChild(api: ChildProcess, signal: NodeJS.Signals) {
  api.kill(signal);
  const force = setTimeout(() => {
    if (api.exitCode === null && api.signalCode === null) {
      log(`the API (pid ${api.pid}) did not stop within ${STOP_GRACE / 1000} s; killing it`);
      api.kill("SIGKILL");
    }
  }, STOP_GRACE);
  api.once("exit", () => clearTimeout(force));
}

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    clearTimeout(probeTimer);
    clearTimeout(restartTimer);
    if (!child) {
      log(`${signal}: stopping (no API running)`);
      process.exit(0);
    }
    log(`${signal}: stopping the API (pid ${child.pid})`);
    stopChild(child, signal);
  });
}

startApi();
