// Who may call what: every route and method of the OpenAPI document, called as anonymous, viewer, editor, owner,
// another map's owner, share-link visitor and admin, gets the status its access level gives. The expected levels
// are written out below, apart from the server's own table: a route added without an entry here fails the test.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../server/app";
import { hashSecret, newSecret } from "../../server/auth/secrets";
import { loadSample } from "../../server/seed";
import { adminHeaders, buildTestApp, call, callWith, uniqueId, type Reply } from "../helpers/app";
import { upload } from "../helpers/uploads";

type Level = "anyone" | "account" | "admin" | "viewer" | "editor" | "owner";
type Role = "anonymous" | "viewer" | "editor" | "owner" | "otherOwner" | "shareVisitor" | "admin";
const ROLES: Role[] = ["anonymous", "viewer", "editor", "owner", "otherOwner", "shareVisitor", "admin"];

const M = "/api/maps/{mapId}";
const items = (resource: string, id = "id"): Record<string, Level> => ({
  [`GET ${M}/${resource}`]: "viewer",
  [`POST ${M}/${resource}`]: "editor",
  [`GET ${M}/${resource}/{${id}}`]: "viewer",
  [`PATCH ${M}/${resource}/{${id}}`]: "editor",
  [`DELETE ${M}/${resource}/{${id}}`]: "editor",
});

/** The product's access rules, as a user would state them: read and analyse, edit data, run the map, run the site. */
const EXPECTED: Record<string, Level> = {
  "GET /api/health": "anyone",
  "POST /api/auth/login": "anyone",
  "POST /api/auth/logout": "anyone",
  "GET /api/auth/session": "anyone",
  "POST /api/auth/set-password": "anyone",
  "POST /api/auth/password": "account",
  "GET /api/auth/tokens": "account",
  "POST /api/auth/tokens": "account",
  "DELETE /api/auth/tokens/{tokenId}": "account",
  "GET /api/users": "admin",
  "POST /api/users": "admin",
  "PATCH /api/users/{userId}": "admin",
  "POST /api/users/{userId}/reset-password": "admin",
  "GET /api/maps": "anyone",
  "POST /api/maps": "account",
  [`GET ${M}`]: "viewer",
  [`PATCH ${M}`]: "owner",
  [`DELETE ${M}`]: "owner",
  [`POST ${M}/duplicate`]: "editor",
  [`GET ${M}/graph`]: "viewer",
  [`GET ${M}/export`]: "viewer",
  [`POST ${M}/import`]: "editor",
  [`GET ${M}/imports/{jobId}`]: "editor",
  [`GET ${M}/history`]: "editor",
  [`GET ${M}/members`]: "owner",
  [`POST ${M}/members`]: "owner",
  [`PATCH ${M}/members/{userId}`]: "owner",
  [`DELETE ${M}/members/{userId}`]: "owner",
  [`GET ${M}/share-links`]: "owner",
  [`POST ${M}/share-links`]: "owner",
  [`DELETE ${M}/share-links/{linkId}`]: "owner",
  [`GET ${M}/categories`]: "viewer",
  [`POST ${M}/categories`]: "editor",
  [`GET ${M}/categories/{categoryId}`]: "viewer",
  [`PATCH ${M}/categories/{categoryId}`]: "editor",
  [`DELETE ${M}/categories/{categoryId}`]: "editor",
  ...items("actors"),
  ...items("needs"),
  ...items("offerings"),
  ...items("relationships"),
  [`GET ${M}/commitments`]: "viewer",
  [`POST ${M}/commitments`]: "editor",
  [`GET ${M}/commitments/{id}`]: "viewer",
  [`PATCH ${M}/commitments/{id}`]: "editor",
  [`GET ${M}/analysis/centrality`]: "viewer",
  [`GET ${M}/analysis/communities`]: "viewer",
  [`GET ${M}/analysis/structure`]: "viewer",
  [`GET ${M}/analysis/gaps`]: "viewer",
  [`GET ${M}/analysis/funding`]: "viewer",
  [`GET ${M}/analysis/summary`]: "viewer",
  [`GET ${M}/analysis/bridges`]: "viewer",
  [`GET ${M}/analysis/survey`]: "viewer",
  [`POST ${M}/analysis/allocation`]: "viewer",
  [`GET ${M}/analysis/jobs/{jobId}`]: "viewer",
  [`DELETE ${M}/analysis/jobs/{jobId}`]: "viewer",
  [`GET ${M}/needs/{needId}/matches`]: "viewer",
  [`GET ${M}/offerings/{offeringId}/matches`]: "viewer",
  [`GET ${M}/surveys`]: "viewer",
  [`POST ${M}/surveys`]: "editor",
  [`GET ${M}/surveys/{surveyId}`]: "viewer",
  [`PATCH ${M}/surveys/{surveyId}`]: "editor",
  [`DELETE ${M}/surveys/{surveyId}`]: "editor",
  [`GET ${M}/surveys/{surveyId}/respondents`]: "viewer",
  [`GET ${M}/surveys/{surveyId}/links.csv`]: "editor",
  [`GET ${M}/surveys/{surveyId}/submissions/{actorId}`]: "editor",
  [`POST ${M}/surveys/{surveyId}/submissions/{actorId}/decide`]: "editor",
  [`POST ${M}/surveys/{surveyId}/rounds`]: "editor",
  // Reachable by anyone, but a token that opens no form answers 404 (surveys.test.ts).
  "GET /api/respond/{token}": "anyone",
  "PUT /api/respond/{token}/answers": "anyone",
  "POST /api/respond/{token}/submit": "anyone",
};

const RANK = { viewer: 1, editor: 2, owner: 3 } as const;

/**
 * The status a role gets on a route of `level`, for a map whose visibility is `link`; "allowed" means the request
 * passed the access check (what the handler then answers is another test's business, but never a 5xx).
 */
function expected(level: Level, role: Role, visibility: "link" | "public"): "allowed" | 401 | 403 | 404 {
  const signedIn = role !== "anonymous" && role !== "shareVisitor";
  if (level === "anyone") return "allowed";
  if (level === "account") return signedIn ? "allowed" : 401;
  if (level === "admin") return !signedIn ? 401 : role === "admin" ? "allowed" : 403;
  const mapRole = role === "admin" ? "owner" : role === "viewer" || role === "editor" || role === "owner" ? role : null;
  const sees = mapRole !== null || role === "shareVisitor" || visibility === "public";
  if (!sees) return 404;
  if (level === "viewer" || (mapRole && RANK[mapRole] >= RANK[level])) return "allowed";
  return signedIn ? 403 : 401;
}

let app: App;
let mapId: string;
let publicMapId: string;
const headers: Record<Role, Record<string, string>> = {} as never;
const params: Record<string, string> = {};

async function account(role: Role, maps: Record<string, "viewer" | "editor" | "owner">) {
  const user = await app.store.accounts.createUser({
    username: uniqueId(role.toLowerCase()),
    isAdmin: false,
    passwordHash: null,
  });
  for (const [id, r] of Object.entries(maps)) await app.store.access.setMember(id, user.id, r);
  const token = newSecret("atl_");
  await app.store.accounts.createToken({
    userId: user.id,
    name: role,
    hash: hashSecret(token),
    role: "owner",
    maps: null,
    expiresAt: null,
  });
  headers[role] = { authorization: `Bearer ${token}` };
  return user.id;
}

beforeAll(async () => {
  app = await buildTestApp();
  const sample = loadSample().bundle;
  mapId = uniqueId("authz");
  publicMapId = uniqueId("authz-public");
  const otherMapId = uniqueId("authz-other");
  for (const [id, visibility] of [
    [mapId, "link"],
    [publicMapId, "public"],
    [otherMapId, "private"],
  ] as const)
    expect((await call(app, "POST", "/api/maps", { id, name: id, visibility })).status).toBe(201);
  const imported = await upload(app, mapId, [{ name: "sample.json", data: JSON.stringify(sample) }]);
  expect(imported.status).toBeLessThan(300);
  params.jobId = imported.body.jobId ?? imported.body.id;
  for (const id of [publicMapId])
    expect((await upload(app, id, [{ name: "sample.json", data: JSON.stringify(sample) }])).status).toBeLessThan(300);

  headers.anonymous = {};
  headers.admin = adminHeaders(app);
  params.userId = await account("viewer", { [mapId]: "viewer", [publicMapId]: "viewer" });
  await account("editor", { [mapId]: "editor", [publicMapId]: "editor" });
  await account("owner", { [mapId]: "owner", [publicMapId]: "owner" });
  await account("otherOwner", { [otherMapId]: "owner" });
  const link = await call(app, "POST", `/api/maps/${mapId}/share-links`, { label: "matrix" });
  expect(link.status).toBe(201);
  headers.shareVisitor = { "x-atlas-share": link.body.token };
  params.linkId = link.body.id;
  params.tokenId = "no-such-token";
  params.id = sample.actors[0]!.id;
  params.needId = sample.needs[0]!.id;
  params.offeringId = sample.offerings[0]!.id;
  params.categoryId = sample.needs[0]!.category;
}, 120_000);
afterAll(() => app.close());

/**
 * A request each role may send without changing the map for the others: bodies that fail validation (400 once the
 * access check let it through), ids that do not parse for deletions. Only `DELETE /api/maps/{mapId}` is left out
 * for the roles it would let delete the map; a test below deletes maps of their own.
 */
function request(method: string, path: string, map: string) {
  const destructive = method === "DELETE";
  const url = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (name === "mapId") return encodeURIComponent(map);
    if (destructive) return "x".repeat(200); // longer than any id: refused by validation, never deleted
    return encodeURIComponent(params[name] ?? "missing");
  });
  const body = method === "GET" || method === "DELETE" ? undefined : { "not a field": true };
  return { method, url, body };
}

function check(reply: Reply, want: ReturnType<typeof expected>, label: string) {
  if (want === "allowed") {
    expect(reply.status, `${label}: ${JSON.stringify(reply.body)}`).toBeLessThan(500);
    expect([401, 403], label).not.toContain(reply.status);
    if (reply.status === 404) expect(reply.body?.message, label).not.toMatch(/^Map '/);
  } else {
    expect(reply.status, `${label}: ${JSON.stringify(reply.body)}`).toBe(want);
  }
}

describe("authorization matrix", () => {
  it("names every route of the OpenAPI document", async () => {
    const doc = (await call(app, "GET", "/api/openapi.json")).body as { paths: Record<string, object> };
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const missing = routes.filter((r) => !(r in EXPECTED));
    expect(missing, "routes without an entry in this test's matrix").toEqual([]);
    expect(routes.length).toBe(Object.keys(EXPECTED).length);
  });

  for (const visibility of ["link", "public"] as const) {
    it(`gives every role the expected status on every route (a ${visibility} map)`, async () => {
      const doc = (await call(app, "GET", "/api/openapi.json")).body as { paths: Record<string, object> };
      const map = visibility === "link" ? mapId : publicMapId;
      let checked = 0;
      for (const [path, ops] of Object.entries(doc.paths))
        for (const method of Object.keys(ops).map((m) => m.toUpperCase())) {
          const level = EXPECTED[`${method} ${path}`]!;
          for (const role of ROLES) {
            if (method === "DELETE" && path === M && expected(level, role, visibility) === "allowed") continue;
            if (method === "POST" && path === "/api/auth/logout") continue; // signs the caller out; auth.test.ts
            const { url, body } = request(method, path, map);
            const reply = await callWith(app, headers[role], method, url, body);
            check(reply, expected(level, role, visibility), `${role} ${method} ${url.slice(0, 120)}`);
            checked++;
          }
        }
      expect(checked).toBeGreaterThan(ROLES.length * 60);
    }, 120_000);
  }

  it("lets an owner and an admin delete a map, and nobody else", async () => {
    for (const role of ["owner", "admin"] as const) {
      const id = uniqueId("authz-delete");
      expect((await call(app, "POST", "/api/maps", { id, name: id, visibility: "public" })).status).toBe(201);
      if (role === "owner") {
        const me = await callWith(app, headers.owner, "GET", "/api/auth/session");
        await app.store.access.setMember(id, me.body.user.id, "owner");
      }
      for (const other of ["anonymous", "viewer", "editor", "otherOwner"] as const)
        expect((await callWith(app, headers[other], "DELETE", `/api/maps/${id}`)).status).toBe(
          other === "anonymous" ? 401 : 403,
        );
      expect((await callWith(app, headers[role], "DELETE", `/api/maps/${id}`)).status).toBe(204);
      expect((await call(app, "GET", `/api/maps/${id}`)).status).toBe(404);
    }
  });
});
