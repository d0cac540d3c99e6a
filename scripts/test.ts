// `npm test`: every suite in one vitest run against a throwaway Neo4j server of its own (separate port and
// data directory), unless NEO4J_TEST_URI names one. Writes test-results.json for .ci/run's summary.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureChromium } from "./ensure-chromium";
import { start, stop, wipe } from "./neo4j";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const INSTANCE = "test";
let managed = false;

// The browser suites drive the built client in Debian's Chromium (installed with apt-get when missing).
const build = spawnSync("npx", ["vite", "build", "--config", "client/vite.config.ts", "--logLevel", "warn"], {
  cwd: root,
  stdio: "inherit",
});
if (build.status !== 0) throw new Error("test: the client build failed");
ensureChromium();

if (!process.env.NEO4J_TEST_URI) {
  wipe(INSTANCE);
  const neo4j = await start({
    name: INSTANCE,
    boltPort: Number(process.env.NEO4J_TEST_BOLT_PORT ?? 7688),
    password: "atlas-test",
    // The suites run side by side, several of them importing tens of thousands of items at once.
    heap: "2g",
    pageCache: "512m",
  });
  process.env.NEO4J_TEST_URI = neo4j.uri;
  process.env.NEO4J_TEST_USER = neo4j.user;
  process.env.NEO4J_TEST_PASSWORD = neo4j.password;
  managed = true;
}

let status = 1;
try {
  const result = spawnSync(
    "npx",
    [
      "vitest",
      "run",
      "--reporter=default",
      "--reporter=json",
      "--outputFile.json=test-results.json",
      ...process.argv.slice(2),
    ],
    { cwd: root, stdio: "inherit", env: process.env },
  );
  status = result.status ?? 1;
} finally {
  if (managed) {
    await stop(INSTANCE);
    wipe(INSTANCE);
  }
}
process.exit(status);
