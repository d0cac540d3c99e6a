// Accounts as their users meet them: signing in and out, throttled guessing, CSRF on cookie writes, API tokens and
// their limits, one-time password links, disabled accounts, private maps that do not show, and owners that stay.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../server/app";
import {
  buildTestApp,
  call,
  callWith,
  login,
  memberSession,
  newMap,
  setPasswordThroughLink,
  testAdmin,
  uniqueId,
} from "../helpers/app";

let app: App;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

/** An account with a password, made by the admin; returns its id and credentials. */
async function person(name = "person") {
  const username = uniqueId(name);
  const made = await call(app, "POST", "/api/users", { username });
  expect(made.status).toBe(201);
  const password = `pw-${uniqueId("secret")}`;
  await setPasswordThroughLink(app, made.body.setPasswordUrl, password);
  return { id: made.body.user.id as string, username, password };
}

const attempt = (username: string, password: string) =>
  app.inject({ method: "POST", url: "/api/auth/login", payload: { username, password } });

describe("sessions", () => {
  it("signs in, reads and writes with the cookie and its CSRF token, and stops working after logout", async () => {
    const mapId = await newMap(app, "auth");
    const editor = await memberSession(app, mapId, "editor");
    const me = await callWith(app, editor.headers, "GET", "/api/auth/session");
    expect(me.body.user.username).toBe(editor.username);
    const created = await callWith(app, editor.headers, "POST", `/api/maps/${mapId}/actors`, {
      id: "a1",
      name: "Alder School",
      type: "school",
    });
    expect(created.status).toBe(201);

    // The cookie alone, as a page on another site could make the browser send it: refused, nothing written.
    const forged = await callWith(app, { cookie: editor.headers.cookie! }, "POST", `/api/maps/${mapId}/actors`, {
      id: "a2",
      name: "Forged",
      type: "school",
    });
    expect(forged.status).toBe(403);
    expect((await call(app, "GET", `/api/maps/${mapId}/actors/a2`)).status).toBe(404);

    expect((await callWith(app, editor.headers, "POST", "/api/auth/logout")).status).toBe(204);
    expect((await callWith(app, editor.headers, "GET", "/api/auth/session")).body.user).toBeNull();
    const after = await callWith(app, editor.headers, "PATCH", `/api/maps/${mapId}/actors/a1`, { name: "Changed" });
    expect(after.status).toBe(404); // a private map, and the caller is nobody now
    expect((await call(app, "GET", `/api/maps/${mapId}/actors/a1`)).body.name).toBe("Alder School");
  });

  it("stays ended after logout when a request that read it before saves it afterwards", async () => {
    const accounts = app.store.accounts;
    const id = `race-${randomUUID()}`;
    const until = new Date(Date.now() + 3_600_000).toISOString();
    const admin = (await call(app, "GET", "/api/auth/session")).body.user;
    expect(await accounts.setSession(id, '{"userId":"x"}', admin.id, until)).toBe(true);
    expect(await accounts.getSession(id)).toBe('{"userId":"x"}');
    // Sign-out and a late save of the same session, in both orders at once: the session never comes back.
    await Promise.all([
      accounts.destroySession(id),
      accounts.setSession(id, '{"userId":"x","late":1}', admin.id, until),
    ]);
    expect(await accounts.setSession(id, '{"userId":"x","later":1}', admin.id, until)).toBe(false);
    expect(await accounts.getSession(id)).toBeNull();
  });

  it("throttles 20 failed sign-ins within a minute, even with the right password during the lock", async () => {
    const who = await person("guessed");
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await attempt(who.username, `wrong-${i}`)).statusCode);
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(statuses.slice(4).every((s) => s === 429)).toBe(true);
    const locked = await attempt(who.username, who.password);
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers["retry-after"])).toBeGreaterThan(0);
  });

  it("answers the same 401 for an unknown account and a wrong password", async () => {
    const who = await person();
    const unknown = await attempt(uniqueId("nobody"), "whatever-password");
    const wrong = await attempt(who.username, "not-the-password");
    expect([unknown.statusCode, wrong.statusCode]).toEqual([401, 401]);
    expect(JSON.parse(unknown.body).message).toBe(JSON.parse(wrong.body).message);
  });

  it("gives a new session id at sign-in, so an id planted beforehand signs nobody in", async () => {
    const who = await person();
    const first = await login(app, who.username, who.password);
    const second = await login(app, who.username, who.password);
    expect(first.cookie).not.toBe(second.cookie);
  });

  it("ends every session of an account when its password changes or it is disabled", async () => {
    const who = await person();
    const a = await login(app, who.username, who.password);
    const b = await login(app, who.username, who.password);
    const changed = await callWith(app, a, "POST", "/api/auth/password", {
      currentPassword: who.password,
      newPassword: "a brand new password",
    });
    expect(changed.status).toBe(204);
    expect((await callWith(app, b, "GET", "/api/auth/session")).body.user).toBeNull();
    expect((await attempt(who.username, who.password)).statusCode).toBe(401);
    const c = await login(app, who.username, "a brand new password");

    expect((await call(app, "PATCH", `/api/users/${who.id}`, { disabled: true })).status).toBe(200);
    expect((await callWith(app, c, "GET", "/api/auth/session")).body.user).toBeNull();
    expect((await attempt(who.username, "a brand new password")).statusCode).toBe(401);
  });

  it("spends a one-time password link once", async () => {
    const username = uniqueId("invited");
    const made = await call(app, "POST", "/api/users", { username });
    await setPasswordThroughLink(app, made.body.setPasswordUrl, "first password here");
    const token = new URL(made.body.setPasswordUrl, "http://x").searchParams.get("set-password");
    const again = await app.inject({
      method: "POST",
      url: "/api/auth/set-password",
      payload: { token, password: "second password here" },
    });
    expect(again.statusCode).toBe(400);
    expect(JSON.parse(again.body).issues[0].field).toBe("token");
    await login(app, username, "first password here");
  });
});

describe("API tokens", () => {
  it("act as their account within their role and maps, and stop working when revoked", async () => {
    const mine = await newMap(app, "tokens");
    const other = await newMap(app, "tokens-other");
    const owner = await memberSession(app, mine, "owner");
    await call(app, "POST", `/api/maps/${other}/members`, { username: owner.username, role: "owner" });

    const made = await callWith(app, owner.headers, "POST", "/api/auth/tokens", {
      name: "read-only script",
      role: "viewer",
      maps: [mine],
    });
    expect(made.status).toBe(201);
    expect(made.body.token).toMatch(/^atl_/);
    const bearer = { authorization: `Bearer ${made.body.token}` };
    expect((await callWith(app, bearer, "GET", `/api/maps/${mine}/graph`)).status).toBe(200);
    // Capped at viewer, though the account owns the map; and blind to the map it was not given.
    expect(
      (await callWith(app, bearer, "POST", `/api/maps/${mine}/actors`, { name: "X", type: "school" })).status,
    ).toBe(403);
    expect((await callWith(app, bearer, "GET", `/api/maps/${other}`)).status).toBe(404);
    // Listed without its value; a token cannot make another.
    const listed = await callWith(app, owner.headers, "GET", "/api/auth/tokens");
    expect(listed.body).toEqual([expect.objectContaining({ id: made.body.id, role: "viewer", maps: [mine] })]);
    expect(JSON.stringify(listed.body)).not.toContain(made.body.token);
    expect((await callWith(app, bearer, "POST", "/api/auth/tokens", { name: "again" })).status).toBe(403);

    expect((await callWith(app, owner.headers, "DELETE", `/api/auth/tokens/${made.body.id}`)).status).toBe(204);
    const revoked = await callWith(app, bearer, "GET", `/api/maps/${mine}/graph`);
    expect(revoked.status).toBe(401);
    expect(revoked.body.message).toMatch(/token is not valid/);
    expect((await callWith(app, bearer, "GET", "/api/maps")).status).toBe(200); // open to anyone: read as anonymous
    expect((await callWith(app, bearer, "GET", "/api/auth/session")).body.user).toBeNull();
  });

  it("expire", async () => {
    const mapId = await newMap(app, "expiry");
    const owner = await memberSession(app, mapId, "owner");
    const past = await callWith(app, owner.headers, "POST", "/api/auth/tokens", {
      name: "old",
      expiresAt: "2001-01-01T00:00:00Z",
    });
    expect(past.status).toBe(400);
    expect(past.body.issues[0].field).toBe("expiresAt");
  });
});

describe("maps and their members", () => {
  it("hides a private map from outsiders, lists public ones for everyone, and says how far the caller reaches", async () => {
    const hidden = await newMap(app, "private");
    const shown = uniqueId("public");
    await call(app, "POST", "/api/maps", { id: shown, name: "Shown", visibility: "public" });
    const stranger = await person("stranger");
    const outsider = await login(app, stranger.username, stranger.password);
    for (const headers of [{}, outsider]) {
      expect((await callWith(app, headers, "GET", `/api/maps/${hidden}`)).status).toBe(404);
      expect((await callWith(app, headers, "DELETE", `/api/maps/${hidden}`)).status).toBe(404);
    }
    const anonymousList = await callWith(app, {}, "GET", "/api/maps?limit=1000");
    const ids = anonymousList.body.items.map((m: { id: string }) => m.id);
    expect(ids).not.toContain(hidden);
    const map = (await callWith(app, {}, "GET", `/api/maps/${shown}`)).body;
    expect(map.access).toEqual({ reach: "public", redacted: true });
    expect((await callWith(app, {}, "GET", `/api/maps/${shown}/graph`)).body.map.access).toEqual({
      reach: "public",
      redacted: true,
    });
    expect((await call(app, "GET", `/api/maps/${shown}`)).body.access).toEqual({ reach: "owner", redacted: false });
    expect((await callWith(app, {}, "POST", `/api/maps/${shown}/actors`, { name: "X", type: "school" })).status).toBe(
      401,
    );
  });

  it("keeps a map's last owner, even when two owners remove each other at once", async () => {
    const mapId = uniqueId("owners");
    // Made by an account, so it starts with that account as its only owner.
    const a = await person("owner-a");
    const aHeaders = await login(app, a.username, a.password);
    expect((await callWith(app, aHeaders, "POST", "/api/maps", { id: mapId, name: "Owners" })).status).toBe(201);
    expect((await callWith(app, aHeaders, "DELETE", `/api/maps/${mapId}/members/${a.id}`)).status).toBe(409);
    const b = await memberSession(app, mapId, "owner");
    const results = await Promise.all([
      callWith(app, aHeaders, "DELETE", `/api/maps/${mapId}/members/${b.userId}`),
      callWith(app, b.headers, "DELETE", `/api/maps/${mapId}/members/${a.id}`),
    ]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses[0]).toBe(204);
    expect([204, 409, 404]).toContain(statuses[1]);
    const members = await call(app, "GET", `/api/maps/${mapId}/members`);
    expect(members.body.items.filter((m: { role: string }) => m.role === "owner")).toHaveLength(1);
  });

  it("adds a member who has no account yet, with a one-time link, and records who did it", async () => {
    const mapId = await newMap(app, "invite");
    const username = uniqueId("newcomer");
    const added = await call(app, "POST", `/api/maps/${mapId}/members`, { username, role: "editor" });
    expect(added.status).toBe(201);
    expect(added.body.setPasswordUrl).toMatch(/^\/\?set-password=/);
    await setPasswordThroughLink(app, added.body.setPasswordUrl, "newcomer's password");
    const session = await login(app, username, "newcomer's password");
    expect((await callWith(app, session, "GET", `/api/maps/${mapId}`)).body.access.reach).toBe("editor");
    const history = await call(app, "GET", `/api/maps/${mapId}/history?entityType=member`);
    expect(history.body.items[0]).toMatchObject({
      action: "create",
      entityId: added.body.member.userId,
      user: { name: expect.any(String) },
    });
    expect(history.body.items[0].user.name).toBe(testAdmin(app).username);
  });
});
