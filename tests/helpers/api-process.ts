// API processes a test starts itself (server/server.ts, or the supervisor scripts/serve.ts) against the test Neo4j
// server: a port to give them, and the environment `npm start` would have.
import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { testNeo4j } from "./app";

/** A port nobody listens on now: a process that must be told its port (a supervisor, a restart on the same address)
 * cannot take port 0. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The environment of an API process on `port` over the test Neo4j server, without the sample map, plus `extra`. */
export function apiProcessEnv(port: number, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const neo4j = testNeo4j();
  return {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    NEO4J_URI: neo4j.uri,
    NEO4J_USER: neo4j.user,
    NEO4J_PASSWORD: neo4j.password,
    SEED_SAMPLE: "false",
    LOG_LEVEL: "warn",
    // Only used if the test server has no account yet; never printed.
    ATLAS_ADMIN_PASSWORD: `pw-${randomUUID()}`,
    ...extra,
  };
}
