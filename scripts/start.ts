// `npm start`: Neo4j (provisioned here unless NEO4J_URI points elsewhere), the API with the sample
// ecosystem, and the built UI, all at http://localhost:3000.
import { existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { memorySettings, start } from "./neo4j";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
let managed = false;

if (!process.env.NEO4J_URI) {
  // Without NEO4J_PASSWORD, the managed server's own password (generated on first start, kept in its data directory).
  const neo4j = await start({
    name: "dev",
    boltPort: Number(process.env.NEO4J_BOLT_PORT ?? 7687),
    password: process.env.NEO4J_PASSWORD,
    // Sized for this machine unless NEO4J_HEAP / NEO4J_PAGECACHE say; used when the server is not running yet.
    ...memorySettings(),
  });
  process.env.NEO4J_URI = neo4j.uri;
  process.env.NEO4J_USER = neo4j.user;
  process.env.NEO4J_PASSWORD = neo4j.password;
  managed = true;
}

if (existsSync(path.join(root, "client", "index.html")) && process.env.SKIP_CLIENT_BUILD !== "true") {
  execFileSync("npx", ["vite", "build", "--config", "client/vite.config.ts", "--logLevel", "warn"], {
    cwd: root,
    stdio: "inherit",
  });
}

if (managed) {
  // Neo4j runs detached and outlives the API, so the next start is quick: `npm run neo4j -- stop` ends it.
  process.stderr.write("[neo4j] stays up after the API stops; `npm run neo4j -- stop` stops it\n");
}
await import("../server/server");
