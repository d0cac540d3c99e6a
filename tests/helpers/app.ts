// Builds the real app against the test Neo4j server that scripts/test.ts provides (NEO4J_TEST_URI).
import { randomUUID } from "node:crypto";
import { buildApp, type App } from "../../server/app";

export function testNeo4j() {
  const uri = process.env.NEO4J_TEST_URI;
  if (!uri)
    throw new Error("NEO4J_TEST_URI is not set: run the suites with `npm test`, which starts a test Neo4j server");
  return {
    uri,
    user: process.env.NEO4J_TEST_USER ?? "neo4j",
    password: process.env.NEO4J_TEST_PASSWORD ?? "atlas-test",
  };
}

export function buildTestApp(): Promise<App> {
  return buildApp({ neo4j: testNeo4j() });
}

/** Each test works in maps of its own, so suites can run side by side on one server. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export interface Reply {
  status: number;
  // Tests read arbitrary JSON; the shape is what they assert.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export async function call(app: App, method: string, url: string, payload?: unknown): Promise<Reply> {
  const r = await app.inject({
    method: method as "GET",
    url,
    ...(payload === undefined
      ? {}
      : typeof payload === "string"
        ? { payload, headers: { "content-type": "application/json" } }
        : { payload: payload as object }),
  });
  return { status: r.statusCode, body: r.body ? JSON.parse(r.body) : undefined };
}

/** Creates an empty map (default taxonomy) and returns its id. */
export async function newMap(app: App, prefix = "map"): Promise<string> {
  const id = uniqueId(prefix);
  const r = await call(app, "POST", "/api/maps", { id, name: `Test ${id}` });
  if (r.status !== 201) throw new Error(`could not create map: ${JSON.stringify(r.body)}`);
  return id;
}
