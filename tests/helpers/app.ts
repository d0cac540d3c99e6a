// Builds the real app against the test Neo4j server that scripts/test.ts provides (NEO4J_TEST_URI).
import { randomUUID } from "node:crypto";
import { buildApp, type App } from "../../server/app";
import { adminWithToken } from "../../server/auth/first-run";

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

export interface TestAdmin {
  username: string;
  password: string;
  /** `authorization` header of an unrestricted API token of this admin. */
  headers: Record<string, string>;
}

const admins = new WeakMap<App, TestAdmin>();

/**
 * The real app, with an admin account of its own (an account per app, so suites running side by side never share
 * one): `call()` and the upload helpers act as that admin unless told otherwise.
 */
export async function buildTestApp(): Promise<App> {
  // Only what the app logs as an error (an unexpected 500 and its cause), so a failure in a browser test, which sees
  // only the status, leaves its reason in the test output.
  return withTestAdmin(await buildApp({ neo4j: testNeo4j(), logger: { level: "error" } }));
}

/** Gives an app built elsewhere (its own Neo4j, say) an admin of its own, which `call()` then acts as. */
export async function withTestAdmin(app: App): Promise<App> {
  const username = uniqueId("admin");
  const password = `pw-${randomUUID()}`;
  const { token } = await adminWithToken(app.store.accounts, username, password);
  admins.set(app, { username, password, headers: { authorization: `Bearer ${token}` } });
  return app;
}

/** The admin of a test app: its credentials, and the headers that act as it. */
export function testAdmin(app: App): TestAdmin {
  const admin = admins.get(app);
  if (!admin) throw new Error("not an app from buildTestApp()");
  return admin;
}

/** Headers that make a request as the test app's admin (for direct `app.inject` calls). */
export const adminHeaders = (app: App): Record<string, string> => admins.get(app)?.headers ?? {};

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

/** A request as the test app's admin. */
export function call(app: App, method: string, url: string, payload?: unknown): Promise<Reply> {
  return callWith(app, adminHeaders(app), method, url, payload);
}

/** A request with the given credentials (`{}`: anonymous; a cookie and x-csrf-token; a bearer token). */
export async function callWith(
  app: App,
  headers: Record<string, string>,
  method: string,
  url: string,
  payload?: unknown,
): Promise<Reply> {
  const r = await app.inject({
    method: method as "GET",
    url,
    ...(payload === undefined
      ? { headers }
      : typeof payload === "string"
        ? { payload, headers: { ...headers, "content-type": "application/json" } }
        : { payload: payload as object, headers }),
  });
  const json = r.headers["content-type"]?.toString().includes("json");
  return { status: r.statusCode, body: r.body ? (json ? JSON.parse(r.body) : r.body) : undefined };
}

/**
 * An account with `role` in `mapId` (created through the members route), its password set through the one-time
 * link, and signed in: the headers (session cookie and CSRF token) that act as it.
 */
export async function memberSession(app: App, mapId: string, role: "viewer" | "editor" | "owner") {
  const username = uniqueId(role);
  const added = await call(app, "POST", `/api/maps/${mapId}/members`, { username, role });
  if (added.status !== 201) throw new Error(`could not add a member: ${JSON.stringify(added.body)}`);
  const password = `pw-${randomUUID()}`;
  await setPasswordThroughLink(app, added.body.setPasswordUrl, password);
  return {
    userId: added.body.member.userId as string,
    username,
    password,
    headers: await login(app, username, password),
  };
}

/** Spends a one-time password link. */
export async function setPasswordThroughLink(app: App, url: string, password: string): Promise<void> {
  const token = new URL(url, "http://atlas.test").searchParams.get("set-password")!;
  const r = await app.inject({ method: "POST", url: "/api/auth/set-password", payload: { token, password } });
  if (r.statusCode !== 204) throw new Error(`could not set a password: ${r.body}`);
}

/** Signs in; returns the headers of that session (cookie and CSRF token). */
export async function login(app: App, username: string, password: string): Promise<Record<string, string>> {
  const r = await app.inject({ method: "POST", url: "/api/auth/login", payload: { username, password } });
  if (r.statusCode !== 200) throw new Error(`could not sign in: ${r.body}`);
  const cookie = r.cookies.find((c) => c.name === "atlas_session")!;
  return { cookie: `${cookie.name}=${cookie.value}`, "x-csrf-token": JSON.parse(r.body).csrfToken };
}

/** Creates an empty map (default taxonomy) and returns its id. */
export async function newMap(app: App, prefix = "map"): Promise<string> {
  const id = uniqueId(prefix);
  const r = await call(app, "POST", "/api/maps", { id, name: `Test ${id}` });
  if (r.status !== 201) throw new Error(`could not create map: ${JSON.stringify(r.body)}`);
  return id;
}
