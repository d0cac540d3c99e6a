// Provisions and runs a real Neo4j 5.26 LTS Community server for the project, with nothing installed by
// hand: Maven Central is the only route here, and the standalone tarball is not published there, so the
// server's lib/ is assembled from its jars (scripts/neo4j/pom.xml) and started through its own entry point
// with the JVM options of the official launcher. Everything lives under .neo4j/ (git-ignored). Each instance gets a
// random password of its own on first start (unless NEO4J_PASSWORD names one), kept next to its data.
//
//   npm run neo4j -- start [--name dev] [--port 7687]     provision if needed, start, wait for Bolt
//   npm run neo4j -- stop [--name dev]
//   npm run neo4j -- status [--name dev]
//   npm run neo4j -- provision
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  openSync,
  readdirSync,
} from "node:fs";
import { availableParallelism, totalmem } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import neo4j from "neo4j-driver";

export const NEO4J_VERSION = "5.26.30";
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const home = path.join(root, ".neo4j");
const libDir = path.join(home, "lib");
const libMarker = path.join(libDir, `.complete-${NEO4J_VERSION}`);

export interface InstanceOptions {
  /** Instance name: its data, logs and pid live in .neo4j/instances/<name>. */
  name: string;
  boltPort: number;
  /** Unset: the instance's own password (see `instancePassword`). */
  password?: string;
  heap?: string;
  pageCache?: string;
}

export interface RunningInstance {
  uri: string;
  user: string;
  password: string;
  pid: number;
}

const log = (msg: string) => process.stderr.write(`[neo4j] ${msg}\n`);

function instanceDir(name: string) {
  return path.join(home, "instances", name);
}

/** Where an instance keeps its password: in its data directory, next to the auth file it unlocks. */
export function passwordFile(name: string): string {
  return path.join(instanceDir(name), "data", "atlas-password");
}

/** What instances created before they had passwords of their own were given. */
const LEGACY_PASSWORD = "atlas-local";

/**
 * The password of a managed instance: the one kept in its password file; for an instance created before there was
 * one, the old shared default (the file is written once the server has taken it); for a new instance, a random one.
 */
export function instancePassword(name: string): { password: string; saved: boolean } {
  const file = passwordFile(name);
  if (existsSync(file)) return { password: readFileSync(file, "utf8").trim(), saved: true };
  if (existsSync(path.join(instanceDir(name), "data", "dbms", "auth.ini")))
    return { password: LEGACY_PASSWORD, saved: false };
  return { password: randomBytes(18).toString("base64url"), saved: false };
}

function savePassword(name: string, password: string): void {
  const file = passwordFile(name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  // `mode` applies only when the file is created.
  chmodSync(file, 0o600);
}

function need(command: string, args: string[], what: string) {
  const r = spawnSync(command, args, { encoding: "utf8" });
  if (r.error || r.status !== 0) {
    throw new Error(`${what} is required to run Neo4j but \`${command} ${args.join(" ")}\` failed. ${hint(command)}`);
  }
}

function hint(command: string) {
  if (command === "java") return "Install a Java 17 JDK (Debian: apt-get install -y openjdk-17-jre-headless).";
  if (command === "mvn") return "Install Apache Maven (Debian: apt-get install -y maven).";
  return "";
}

/** Downloads the server jars once; later calls are instant. */
export function provision(): void {
  if (existsSync(libMarker)) return;
  need("java", ["-version"], "Java 17");
  need("mvn", ["-v"], "Maven");
  log(`assembling Neo4j ${NEO4J_VERSION} from Maven Central (once)...`);
  const tmp = `${libDir}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(home, { recursive: true });
  execFileSync(
    "mvn",
    [
      "-q",
      "-B",
      "-f",
      path.join(root, "scripts", "neo4j", "pom.xml"),
      `-Dneo4j.version=${NEO4J_VERSION}`,
      "dependency:copy-dependencies",
      "-DincludeScope=runtime",
      `-DoutputDirectory=${tmp}`,
    ],
    { stdio: ["ignore", "inherit", "inherit"] },
  );
  if (!readdirSync(tmp).some((f) => f.startsWith(`neo4j-${NEO4J_VERSION}`))) {
    throw new Error(`Maven did not deliver neo4j-${NEO4J_VERSION}.jar into ${tmp}`);
  }
  rmSync(libDir, { recursive: true, force: true });
  renameSync(tmp, libDir);
  writeFileSync(libMarker, new Date().toISOString());
}

// The options bin/neo4j passes to the JVM (5.26 launcher), so the server runs as it would from the tarball.
const JVM_OPTIONS = [
  "--add-opens=java.base/java.nio=ALL-UNNAMED",
  "--add-opens=java.base/java.io=ALL-UNNAMED",
  "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
  "--enable-native-access=ALL-UNNAMED",
  "-Dio.netty.tryReflectionSetAccessible=true",
  "-Dfile.encoding=UTF-8",
  "-XX:+UseG1GC",
  "-XX:-OmitStackTraceInFastThrow",
  "-XX:+AlwaysPreTouch",
  "-XX:+UnlockExperimentalVMOptions",
  "-XX:+TrustFinalNonStaticFields",
  "-XX:+DisableExplicitGC",
  "-Djdk.nio.maxCachedBufferSize=1024",
  "-Djdk.tls.ephemeralDHKeySize=2048",
  "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
  "-Dlog4j2.disable.jmx=true",
];

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

/**
 * Heap and page cache for a managed server on this machine, unless NEO4J_HEAP / NEO4J_PAGECACHE say: a quarter of
 * the memory each (heap 512m to 8g, page cache 256m to 8g), leaving the other half to the API and the system. The
 * caps keep Neo4j a fair neighbour on a shared machine; on one of its own, set both. The memory is the container's
 * limit when there is one, since os.totalmem() reports the host's.
 */
export function memorySettings(env: NodeJS.ProcessEnv = process.env): { heap: string; pageCache: string } {
  const limit = process.constrainedMemory();
  // Unconstrained, Node reports 0 or a figure far above the machine's memory.
  const memory = limit > 0 ? Math.min(limit, totalmem()) : totalmem();
  const share = (min: number, max: number) => `${Math.floor(Math.min(max, Math.max(min, memory / 4)) / MIB)}m`;
  const heap = env.NEO4J_HEAP || share(512 * MIB, 8 * GIB);
  const pageCache = env.NEO4J_PAGECACHE || share(256 * MIB, 8 * GIB);
  if (!env.NEO4J_HEAP || !env.NEO4J_PAGECACHE)
    log(
      `memory: heap ${heap}, page cache ${pageCache} (a quarter each of ${(memory / GIB).toFixed(1)} GiB, ` +
        `${availableParallelism()} cores; NEO4J_HEAP and NEO4J_PAGECACHE override)`,
    );
  return { heap, pageCache };
}

function writeConfig(dir: string, o: InstanceOptions) {
  const conf = [
    `server.bolt.listen_address=127.0.0.1:${o.boltPort}`,
    `server.bolt.advertised_address=127.0.0.1:${o.boltPort}`,
    "server.http.enabled=false",
    "server.https.enabled=false",
    `server.memory.pagecache.size=${o.pageCache ?? "256m"}`,
    `server.memory.heap.initial_size=${o.heap ?? "1g"}`,
    `server.memory.heap.max_size=${o.heap ?? "1g"}`,
    `server.directories.data=${path.join(dir, "data")}`,
    `server.directories.logs=${path.join(dir, "logs")}`,
    `server.directories.run=${path.join(dir, "run")}`,
    "dbms.usage_report.enabled=false",
    "db.tx_log.rotation.retention_policy=2 files",
    "dbms.security.auth_enabled=true",
    "",
  ].join("\n");
  mkdirSync(path.join(dir, "conf"), { recursive: true });
  writeFileSync(path.join(dir, "conf", "neo4j.conf"), conf);
}

function javaEnv(dir: string) {
  return { ...process.env, NEO4J_HOME: dir, NEO4J_CONF: path.join(dir, "conf") };
}

function readPid(dir: string): number | undefined {
  const file = path.join(dir, "run", "atlas.pid");
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, "utf8").trim());
  return Number.isInteger(pid) && isAlive(pid) ? pid : undefined;
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function boltAnswers(uri: string, password: string, timeoutMs: number, pid?: number, logFile?: string) {
  const driver = neo4j.driver(uri, neo4j.auth.basic("neo4j", password), { connectionTimeout: 2000 });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      try {
        await driver.verifyConnectivity();
        return true;
      } catch (err) {
        const code = (err as { code?: string }).code ?? "";
        if (code.includes("Unauthorized") || code.includes("AuthenticationRateLimit")) {
          throw new Error(
            `Neo4j at ${uri} refused the password (${code}). Set NEO4J_PASSWORD to the one it was created with, or remove ${path.dirname(logFile ?? home)} to start afresh.`,
          );
        }
        if (pid !== undefined && !isAlive(pid)) {
          const tail =
            logFile && existsSync(logFile) ? readFileSync(logFile, "utf8").split("\n").slice(-30).join("\n") : "";
          throw new Error(`Neo4j exited during start-up. Last lines of ${logFile}:\n${tail}`);
        }
        if (Date.now() > deadline) return false;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  } finally {
    await driver.close();
  }
}

/** Starts the instance unless it already runs; resolves once Bolt answers. Idempotent. */
export async function start(o: InstanceOptions): Promise<RunningInstance> {
  provision();
  const dir = instanceDir(o.name);
  const uri = `bolt://127.0.0.1:${o.boltPort}`;
  const own = o.password === undefined ? instancePassword(o.name) : undefined;
  const password = o.password ?? own!.password;
  // Kept only once the server has taken it, so a wrong guess (an old install's default) is never written down.
  const keep = () => {
    if (own && !own.saved) savePassword(o.name, password);
  };
  const running = readPid(dir);
  if (running !== undefined) {
    if (await boltAnswers(uri, password, 60_000, running)) {
      keep();
      return { uri, user: "neo4j", password, pid: running };
    }
    throw new Error(`Neo4j instance '${o.name}' (pid ${running}) runs but does not answer on ${uri}`);
  }
  for (const sub of ["data", "logs", "run"]) mkdirSync(path.join(dir, sub), { recursive: true });
  writeConfig(dir, o);
  const classpath = path.join(libDir, "*");
  if (!existsSync(path.join(dir, "data", "dbms", "auth.ini"))) {
    // Written first, so that a start interrupted after setting the password still knows it.
    keep();
    // First start: set the password offline, as `neo4j-admin dbms set-initial-password` does.
    execFileSync(
      "java",
      ["-cp", classpath, "org.neo4j.server.startup.Neo4jAdminCommand", "dbms", "set-initial-password", password],
      { env: javaEnv(dir), stdio: ["ignore", "ignore", "inherit"] },
    );
    if (own) log(`'${o.name}' has a password of its own, in ${path.relative(root, passwordFile(o.name))}`);
  }
  const logFile = path.join(dir, "logs", "console.log");
  const out = openSync(logFile, "a");
  const heap = o.heap ?? "1g";
  const child = spawn(
    "java",
    [
      `-Xms${heap}`,
      `-Xmx${heap}`,
      ...JVM_OPTIONS,
      "-cp",
      classpath,
      "org.neo4j.server.CommunityEntryPoint",
      `--home-dir=${dir}`,
      `--config-dir=${path.join(dir, "conf")}`,
      "--console-mode",
    ],
    { env: javaEnv(dir), detached: true, stdio: ["ignore", out, out] },
  );
  child.unref();
  const pid = child.pid!;
  writeFileSync(path.join(dir, "run", "atlas.pid"), String(pid));
  log(`starting '${o.name}' on ${uri} (pid ${pid}, log ${path.relative(root, logFile)})`);
  if (!(await boltAnswers(uri, password, 120_000, pid, logFile))) {
    throw new Error(`Neo4j did not answer on ${uri} within 120 s; see ${logFile}`);
  }
  keep();
  log(`'${o.name}' is up`);
  return { uri, user: "neo4j", password, pid };
}

/** Stops the instance cleanly (SIGTERM, then SIGKILL after 60 s). Idempotent. */
export async function stop(name: string): Promise<void> {
  const dir = instanceDir(name);
  const pid = readPid(dir);
  if (pid === undefined) return;
  process.kill(pid, "SIGTERM");
  const deadline = Date.now() + 60_000;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  if (isAlive(pid)) process.kill(pid, "SIGKILL");
  rmSync(path.join(dir, "run", "atlas.pid"), { force: true });
  log(`'${name}' stopped`);
}

export function status(name: string): { running: boolean; pid?: number } {
  const pid = readPid(instanceDir(name));
  return pid === undefined ? { running: false } : { running: true, pid };
}

/** Removes an instance's data (used for throwaway test servers). */
export function wipe(name: string): void {
  rmSync(instanceDir(name), { recursive: true, force: true });
}

function flag(args: string[], name: string) {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [command = "status", ...args] = process.argv.slice(2);
  const name = flag(args, "name") ?? "dev";
  const options: InstanceOptions = {
    name,
    boltPort: Number(flag(args, "port") ?? process.env.NEO4J_BOLT_PORT ?? 7687),
    password: process.env.NEO4J_PASSWORD,
    ...(command === "start" ? memorySettings() : {}),
  };
  const run = async () => {
    if (command === "provision") provision();
    else if (command === "start") console.log((await start(options)).uri);
    else if (command === "stop") await stop(name);
    else if (command === "status") console.log(JSON.stringify(status(name)));
    else throw new Error(`unknown command '${command}' (provision | start | stop | status)`);
  };
  run().catch((err: Error) => {
    log(err.message);
    process.exit(1);
  });
}
