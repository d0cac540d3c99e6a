// End-to-end: accounts, sharing and privacy in headless Chromium against the real app and Neo4j. The admin signs in
// through the sign-in page and makes a share link in the share dialog; a fresh browser opens it and sees the redacted
// view (pseudonyms, the notice, no protected name anywhere on the page); a page of another origin, opened in the
// signed-in browser, sends a form POST and a no-cors multipart fetch to every write route of the API and changes
// nothing; a request naming a foreign host is refused. Screenshots at 1400x900 and 390x844.
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../server/app";
import { loadSample, seedSample } from "../../server/seed";
import { buildTestApp, call, testAdmin, uniqueId, type TestAdmin } from "../helpers/app";
import { SHOTS, launchChromium, listen, requireBuiltClientAndChromium, signIn, watchErrors } from "../helpers/browser";

const sample = loadSample();
const ACTORS = sample.bundle.actors.length;
const WIDE = { width: 1400, height: 900 };
const PHONE = { width: 390, height: 844 };
/** A pseudonym: a type's label and a code of five or more base32 characters (server/privacy/pseudonyms.ts). */
const PSEUDONYM = /^[A-Z][\w ]* [A-Z2-7]{5,}$/;

let app: App;
/** The actors a redacted reader must never see by name: those of the types the map protects, by name. */
let PROTECTED: typeof sample.bundle.actors;
let ADMIN: TestAdmin;
let browser: Browser;
let base: string;
let mapId: string;
/** The admin's browser, signed in through the sign-in page by the first test. */
let admin: BrowserContext;
let adminPage: Page;
/** The share link the second test makes, and the member it adds with their one-time link. */
let shareUrl: string;
let reader: { username: string; invite: string };
let attacker: Server | undefined;
/** The origin of that other page, once served, and what reached the server from it. */
let elsewhereOrigin = "";
const fromElsewhere: { method: string; url: string; cookie: boolean; status: number }[] = [];

async function waitForMap(page: Page): Promise<void> {
  await page.waitForSelector(`body[data-graph-order="${ACTORS}"]`, { timeout: 20_000 });
  await expect.poll(() => page.locator(".analysis-pill").count(), { timeout: 20_000 }).toBe(0);
}

/** Every name in the table view, scrolled through from top to bottom (it renders only the rows in sight). */
async function tableNames(page: Page): Promise<Set<string>> {
  const scroller = page.locator(".table-scroll");
  const names = new Set<string>();
  const height = await scroller.evaluate((el) => el.scrollHeight);
  for (let y = 0; y <= height; y += 300) {
    await scroller.evaluate((el, top) => el.scrollTo(0, top), y);
    await page.waitForTimeout(30);
    for (const name of await scroller.locator("td.name").allTextContents()) names.add(name);
  }
  return names;
}

/** What a write would change: the map's version and counts, its members and share links, the admin's account and
 * tokens (and, through the session answer, whether the admin is still signed in). */
async function snapshot() {
  const [map, members, links, session, tokens] = await Promise.all([
    call(app, "GET", `/api/maps/${mapId}`),
    call(app, "GET", `/api/maps/${mapId}/members`),
    call(app, "GET", `/api/maps/${mapId}/share-links`),
    admin.request.get(`${base}/api/auth/session`).then((r) => r.json()),
    admin.request.get(`${base}/api/auth/tokens`).then((r) => r.json()),
  ]);
  expect(map.status).toBe(200);
  return {
    version: map.body.version,
    counts: map.body.counts,
    visibility: map.body.visibility,
    name: map.body.name,
    members: members.body.items.map((m: { userId: string; role: string }) => `${m.userId}:${m.role}`).sort(),
    links: links.body.items.map((l: { id: string }) => l.id).sort(),
    // The signed-in admin as the server sees it: still an admin, not disabled, under the same name.
    me: session.user,
    tokens: (tokens as { id: string }[]).map((t) => t.id).sort(),
  };
}

/** Serves one HTML page on another port of this machine: another origin, but the same site (cookies still go). */
async function serveElsewhere(html: string): Promise<string> {
  attacker = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(html);
  });
  await new Promise<void>((resolve) => attacker!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
}

/** A GET with a Host header of our choosing (browsers and fetch() will not send one). */
function getWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}

beforeAll(async () => {
  requireBuiltClientAndChromium();
  app = await buildTestApp();
  ADMIN = testAdmin(app);
  mapId = uniqueId("e2e-security");
  await seedSample(app.store, mapId);
  // The sample seeds public; this map starts as every new map does, private.
  const map = await call(app, "PATCH", `/api/maps/${mapId}`, { visibility: "private" });
  expect(map.status).toBe(200);
  PROTECTED = sample.bundle.actors
    .filter((a) => map.body.redactedTypes.includes(a.type))
    .sort((a, b) => a.name.localeCompare(b.name));
  expect(PROTECTED.length).toBeGreaterThan(2);
  // Every request the other origin's page makes, as the server saw it: with the session cookie or not, and answered
  // how (read off the HTTP server itself, beside the app).
  app.server.on("request", (req, res) => {
    if (!elsewhereOrigin || req.headers.origin !== elsewhereOrigin) return;
    const cookie = /\batlas_session=/.test(req.headers.cookie ?? "");
    res.on("finish", () =>
      fromElsewhere.push({ method: req.method ?? "", url: req.url ?? "", cookie, status: res.statusCode }),
    );
  });
  base = await listen(app);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (attacker ? attacker.close(resolve) : resolve(undefined)));
  if (app) {
    await call(app, "DELETE", `/api/maps/${mapId}`).catch(() => undefined);
    await app.close();
  }
});

describe("accounts, sharing and privacy in the browser", () => {
  it("a visitor finds the private map closed, and the admin signs in through the sign-in page", async () => {
    admin = await browser.newContext({ viewport: WIDE });
    await admin.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
    adminPage = await admin.newPage();
    const errors = watchErrors(adminPage);
    await adminPage.goto(`${base}/?map=${mapId}`);
    const closed = adminPage.getByTestId("map-error");
    await closed.waitFor();
    expect(await closed.textContent()).toContain("This map does not exist or is private.");
    // Nothing to edit for a visitor.
    expect(await adminPage.getByTestId("new-actor").count()).toBe(0);

    await adminPage.getByTestId("sign-in").click();
    const login = adminPage.getByTestId("login-page");
    await login.waitFor();
    await login.getByLabel("Username").fill(ADMIN.username);
    await login.getByLabel("Password").fill("not the password");
    await login.getByTestId("login-submit").click();
    await expect.poll(() => login.getByTestId("login-error").textContent()).toBe("Wrong username or password.");
    await adminPage.screenshot({ path: path.join(SHOTS, "login-1400.png") });

    await login.getByLabel("Password").fill(ADMIN.password);
    await login.getByTestId("login-submit").click();
    await login.waitFor({ state: "detached" });
    await waitForMap(adminPage);
    // The admin acts as owner: full names, the editing controls, members and sharing.
    expect(await adminPage.getByTestId("account-menu").textContent()).toContain(ADMIN.username);
    expect(await adminPage.getByTestId("redacted-notice").count()).toBe(0);
    await adminPage.getByTestId("new-actor").waitFor();
    await adminPage.getByTestId("view-table").click();
    await expect.poll(() => adminPage.locator(".table-view").textContent()).toContain(PROTECTED[0]!.name);
    await adminPage.getByRole("button", { name: "Map", exact: true }).click();

    await adminPage.getByTestId("account-menu").click();
    await adminPage.getByRole("menu", { name: "Account" }).waitFor();
    await adminPage.screenshot({ path: path.join(SHOTS, "account-menu-1400.png") });
    await adminPage.keyboard.press("Escape");
    expect(errors.filter((e) => !/status of 40[14]/.test(e))).toEqual([]);
  });

  it("the owner adds a member, who gets a one-time link, and makes a share link in the share dialog", async () => {
    const page = adminPage;
    await page.getByTestId("open-members").click();
    const members = page.getByTestId("members-dialog");
    await members.waitFor();
    const username = uniqueId("reader");
    await members.getByLabel("Username").fill(username);
    await members.getByLabel("Role", { exact: true }).selectOption("viewer");
    await members.getByTestId("member-add").click();
    const invite = members.getByTestId("invite-link");
    await invite.waitFor();
    expect(await invite.inputValue()).toMatch(new RegExp(`^${base}/\\?set-password=[\\w-]{20,}$`));
    reader = { username, invite: await invite.inputValue() };
    await expect
      .poll(() => members.getByTestId("member-row").evaluateAll((rows) => rows.map((r) => r.textContent)))
      .toEqual(expect.arrayContaining([expect.stringContaining(username)]));
    await page.screenshot({ path: path.join(SHOTS, "members-dialog-1400.png") });
    await members.getByRole("button", { name: "Close" }).click();

    await page.getByTestId("open-share").click();
    const share = page.getByTestId("share-dialog");
    await share.waitFor();
    expect(await share.getByLabel("Private").isChecked()).toBe(true);
    await share.getByLabel(/Anyone with a link/).check();
    await expect.poll(async () => (await call(app, "GET", `/api/maps/${mapId}`)).body.visibility).toBe("link");
    await share.getByLabel("Label").fill("County partners");
    await share.getByTestId("share-create").click();
    const url = share.getByTestId("share-url");
    await url.waitFor();
    shareUrl = await url.inputValue();
    expect(shareUrl).toMatch(new RegExp(`^${base}/\\?map=${mapId}&share=[\\w-]{20,}$`));
    await expect.poll(() => share.getByTestId("share-links").textContent()).toContain("County partners");
    await share.evaluate((el) => el.scrollTo(0, 0));
    // The "Signed in" toast has gone by the time anyone reads the dialog.
    await page.locator(".toast").waitFor({ state: "detached", timeout: 10_000 });
    await page.screenshot({ path: path.join(SHOTS, "share-dialog-1400.png") });
    await share.getByRole("button", { name: "Close" }).click();
  });

  it("the new member chooses a password through the one-time link, signs in and reads the map as a viewer", async () => {
    const context = await browser.newContext({ viewport: WIDE });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(reader.invite);
    const set = page.getByTestId("set-password-page");
    await set.waitFor();
    const password = "a long passphrase for the reader";
    await set.getByLabel("New password").fill(password);
    await set.getByLabel("Repeat it").fill("something else entirely");
    await set.getByRole("button", { name: "Set password" }).click();
    expect(await set.getByTestId("set-password-error").textContent()).toBe("The two passwords differ.");
    await set.getByLabel("Repeat it").fill(password);
    await set.getByRole("button", { name: "Set password" }).click();
    const login = page.getByTestId("login-page");
    await login.waitFor();
    expect(await login.getByRole("status").textContent()).toBe("Your password is set. Sign in with it.");
    // The spent token leaves the address bar.
    expect(new URL(page.url()).searchParams.has("set-password")).toBe(false);
    await login.getByLabel("Username").fill(reader.username);
    await login.getByLabel("Password").fill(password);
    await login.getByTestId("login-submit").click();
    await login.waitFor({ state: "detached" });

    await page.goto(`${base}/?map=${mapId}`);
    await waitForMap(page);
    expect(await page.getByTestId("account-menu").textContent()).toContain(reader.username);
    await page.getByTestId("redacted-notice").waitFor();
    for (const control of ["new-actor", "open-import", "open-members", "open-share"])
      expect(await page.getByTestId(control).count(), control).toBe(0);
    expect(errors.filter((e) => !/status of 40[14]/.test(e))).toEqual([]);
    await context.close();
  });

  it("a fresh browser opens the share link and sees the redacted view, read-only", async () => {
    for (const viewport of [WIDE, PHONE]) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(shareUrl);
      await waitForMap(page);
      const notice = page.getByTestId("redacted-notice");
      expect(await notice.textContent()).toBe(
        "Some actors are shown under pseudonyms to protect families and individuals.",
      );
      expect(await page.getByTestId("sign-in").isVisible()).toBe(true);
      for (const control of ["new-actor", "open-import", "open-members", "open-share"])
        expect(await page.getByTestId(control).count(), control).toBe(0);
      await page.screenshot({ path: path.join(SHOTS, `redacted-${viewport.width}.png`) });

      // Every actor is in the table: the protected ones under pseudonyms, none by name.
      await page.getByTestId("view-table").click();
      await page.locator(".table-view").waitFor();
      const names = await tableNames(page);
      expect(names.size).toBe(ACTORS);
      const renamed = [...names].filter((n) => !sample.bundle.actors.some((a) => a.name === n));
      expect(renamed).toHaveLength(PROTECTED.length);
      for (const name of renamed) expect(name).toMatch(PSEUDONYM);
      expect(names).toContain(sample.bundle.actors.find((a) => a.type === "school")!.name);
      const text = await page.locator("body").innerText();
      const html = await page.content();
      for (const actor of PROTECTED) {
        expect(names, actor.name).not.toContain(actor.name);
        expect(text, actor.name).not.toContain(actor.name);
        expect(html, actor.id).not.toContain(actor.id);
      }
      await page.locator(".table-scroll").evaluate((el) => el.scrollTo(0, 0));
      await page.screenshot({ path: path.join(SHOTS, `redacted-table-${viewport.width}.png`) });
      expect(errors).toEqual([]);
      await context.close();
    }
  });

  it("a page of another origin, in the signed-in browser, changes nothing through any write route", async () => {
    // Real ids for every path parameter, so a request that got through would reach a real item.
    const session = await admin.request.get(`${base}/api/auth/session`);
    const { user, csrfToken } = await session.json();
    const token = await admin.request.post(`${base}/api/auth/tokens`, {
      data: { name: "e2e token" },
      headers: { "x-csrf-token": csrfToken },
    });
    expect(token.status()).toBe(201);
    const graph = (await call(app, "GET", `/api/maps/${mapId}/graph`)).body;
    const categories = (await call(app, "GET", `/api/maps/${mapId}/categories`)).body;
    const links = (await call(app, "GET", `/api/maps/${mapId}/share-links`)).body.items;
    const open = graph.actors.find((a: { type: string }) => a.type === "school");
    // A survey with the school on its roster, and the school's own respondent link.
    const survey = await call(app, "POST", `/api/maps/${mapId}/surveys`, {
      title: "Partners 2026",
      closesAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      questions: { partners: true, needs: true, offerings: true, ratings: false },
      roster: { actorIds: [open.id] },
    });
    expect(survey.status, JSON.stringify(survey.body)).toBe(201);
    const respondents = (await call(app, "GET", `/api/maps/${mapId}/surveys/${survey.body.id}/respondents`)).body;
    const link = new URL((respondents.items ?? respondents)[0].link, base);
    const respondentToken = link.searchParams.get("respond") ?? link.pathname.split("/").pop()!;
    const params: Record<string, string> = {
      mapId,
      actorId: open.id,
      needId: graph.needs[0].id,
      offeringId: graph.offerings[0].id,
      relationshipId: graph.relationships[0].id,
      categoryId: (categories.items ?? categories)[0].id,
      userId: user.id,
      tokenId: (await token.json()).id,
      linkId: links[0].id,
      id: graph.commitments[0]?.id ?? "no-commitment",
      jobId: "no-job",
      surveyId: survey.body.id,
      token: respondentToken,
    };
    const spec = app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const targets: { method: string; url: string }[] = [];
    for (const [route, operations] of Object.entries(spec.paths))
      for (const method of Object.keys(operations).filter((m) => ["post", "put", "patch", "delete"].includes(m))) {
        const url = route.replace(/\{(\w+)\}/g, (_m, name: string) => {
          if (!params[name]) throw new Error(`no real id for path parameter ${name} of ${route}`);
          return encodeURIComponent(params[name]!);
        });
        targets.push({ method: method.toUpperCase(), url: `${base}${url}` });
      }
    expect(targets.length).toBeGreaterThan(25);
    expect(targets).toContainEqual({ method: "DELETE", url: `${base}/api/maps/${mapId}` });
    expect(targets).toContainEqual({ method: "POST", url: `${base}/api/maps/${mapId}/import` });

    // The payloads: a JSON body smuggled through a text/plain form, and a multipart upload of a bundle with a new actor.
    const bundle = JSON.stringify({ actors: [{ id: "cross-site", name: "Cross-site actor", type: "business" }] });
    const evil = `<!doctype html><meta charset="utf-8"><title>elsewhere</title><body><script>
      const targets = ${JSON.stringify(targets)};
      const bundle = ${JSON.stringify(bundle)};
      const loaded = [];
      targets.forEach((t, i) => {
        const sink = document.createElement("iframe");
        sink.name = "sink" + i;
        document.body.append(sink);
        loaded.push(new Promise((resolve) => { sink.onload = resolve; setTimeout(resolve, 8000); }));
        const form = document.createElement("form");
        form.method = "POST";
        form.enctype = "text/plain";
        form.target = sink.name;
        form.action = t.method === "POST" ? t.url : t.url + "?_method=" + t.method;
        const field = document.createElement("input");
        field.name = '{"name":"Cross-site","type":"business","role":"owner","visibility":"public","x":"';
        field.value = '"}';
        form.append(field);
        document.body.append(form);
        form.submit();
      });
      (async () => {
        const outcomes = [];
        for (const t of targets) {
          const body = () => {
            const data = new FormData();
            data.append("file", new Blob([bundle], { type: "application/json" }), "bundle.json");
            data.append("name", "Cross-site");
            data.append("role", "owner");
            return data;
          };
          const post = await fetch(t.url, { method: "POST", mode: "no-cors", credentials: "include", body: body() })
            .then((r) => r.type, (e) => e.message);
          // A no-cors request may only GET, HEAD or POST: the browser refuses the others before sending them.
          const own = t.method === "POST" ? post : await fetch(t.url, { method: t.method, mode: "no-cors", credentials: "include", body: body() })
            .then((r) => r.type, (e) => e.message);
          outcomes.push([t.method, post, own]);
        }
        await Promise.all(loaded);
        document.title = "done " + JSON.stringify(outcomes);
      })();
    </script></body>`;
    const elsewhere = await serveElsewhere(evil);
    elsewhereOrigin = new URL(elsewhere).origin;
    expect(elsewhereOrigin).not.toBe(new URL(base).origin);

    const before = await snapshot();
    const page = await admin.newPage();
    await page.goto(elsewhere);
    await page.waitForFunction(() => document.title.startsWith("done "), undefined, { timeout: 90_000 });
    const outcomes: [string, string, string][] = JSON.parse((await page.title()).slice(5));
    expect(outcomes).toHaveLength(targets.length);
    // The browser refuses a no-cors request of any method but GET, HEAD and POST before sending it. The POSTs go out;
    // their answers stay opaque to the page (or are withheld altogether: the API's Cross-Origin-Resource-Policy).
    for (const [method, post, own] of outcomes) {
      expect(["opaque", "Failed to fetch"]).toContain(post);
      if (method !== "POST") expect(own).toMatch(/is unsupported in no-cors mode/);
    }
    // The server got every form and every fetch, each with the admin's session cookie (the other origin is the same
    // site, so SameSite=Lax lets it through: only the CSRF token stops them), and refused each one.
    const posts = fromElsewhere.filter((r) => r.method === "POST");
    expect(posts.length).toBeGreaterThanOrEqual(2 * targets.length);
    expect(fromElsewhere.filter((r) => !r.cookie)).toEqual([]);
    expect(fromElsewhere.filter((r) => r.status < 400)).toEqual([]);
    await page.close();
    const after = await snapshot();
    expect(after).toEqual(before);
    expect(after.counts.actors).toBe(ACTORS);
    // And the admin is still signed in: no cross-site request signed them out.
    expect((await (await admin.request.get(`${base}/api/auth/session`)).json()).user.username).toBe(ADMIN.username);
  });

  it("refuses a request naming a host it does not serve", async () => {
    const { port } = new URL(base);
    expect(await getWithHost(`${base}/api/health`, `127.0.0.1:${port}`)).toBe(200);
    expect(await getWithHost(`${base}/api/health`, "atlas.attacker.example")).toBe(421);
    expect(await getWithHost(`${base}/`, `attacker.example:${port}`)).toBe(421);
  });

  it("on a phone, the owner reaches the share dialog from the menu", async () => {
    const context = await browser.newContext({ viewport: PHONE });
    await signIn(context, base, ADMIN);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${base}/?map=${mapId}`);
    await waitForMap(page);
    await page.getByTestId("menu-toggle").click();
    await page.getByTestId("open-share").click();
    const share = page.getByTestId("share-dialog");
    await share.waitFor();
    expect(await share.getByLabel(/Anyone with a link/).isChecked()).toBe(true);
    await expect.poll(() => share.getByTestId("share-links").textContent()).toContain("County partners");
    await page.screenshot({ path: path.join(SHOTS, "share-dialog-390.png") });
    // The share dialog fits the phone's width: nothing sticks out to the right.
    const overflow = await share.evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await share.getByRole("button", { name: "Close" }).click();

    await page.getByTestId("account-menu").click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await page.getByTestId("sign-in").waitFor();
    // Signed out, the map (shared by link, and this page has no link) closes: nothing read as the admin stays.
    await expect.poll(() => page.getByTestId("map-error").textContent()).toContain("does not exist or is private");
    await expect.poll(() => page.evaluate(() => document.body.dataset.graphOrder ?? "none")).toBe("none");
    for (const control of ["new-actor", "open-import", "open-members", "open-share"])
      expect(await page.getByTestId(control).count(), control).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, "signed-out-390.png") });
    await page.getByTestId("menu-toggle").click();
    await page.getByTestId("sign-in").click();
    const login = page.getByTestId("login-page");
    await login.waitFor();
    await page.screenshot({ path: path.join(SHOTS, "login-390.png") });
    expect(await login.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    await login.getByRole("button", { name: "Continue without signing in" }).click();
    await login.waitFor({ state: "detached" });
    expect(errors.filter((e) => !/status of 40[14]/.test(e))).toEqual([]);
    await context.close();
  });

  it("a session that ends while a form is open brings the sign-in page; signed in again, the form is sent", async () => {
    const context = await browser.newContext({ viewport: WIDE });
    await signIn(context, base, ADMIN);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${base}/?map=${mapId}`);
    await waitForMap(page);
    await page.getByTestId("new-actor").click();
    const editor = page.getByRole("dialog", { name: "New actor" });
    await editor.getByLabel("Name").fill("Session Test Club");
    // Signed out behind the page's back (another tab, an expiry).
    const { csrfToken } = await (await context.request.get(`${base}/api/auth/session`)).json();
    const out = await context.request.post(`${base}/api/auth/logout`, { headers: { "x-csrf-token": csrfToken } });
    expect(out.status()).toBe(204);

    await editor.getByRole("button", { name: "Create actor" }).click();
    const login = page.getByTestId("login-page");
    await login.waitFor();
    expect(await login.getByRole("status").textContent()).toBe(
      "Your session has ended. Sign in again, then send your change again.",
    );
    await login.getByLabel("Username").fill(ADMIN.username);
    await login.getByLabel("Password").fill(ADMIN.password);
    await login.getByTestId("login-submit").click();
    await login.waitFor({ state: "detached" });
    expect(await editor.getByLabel("Name").inputValue()).toBe("Session Test Club");
    await editor.getByRole("button", { name: "Create actor" }).click();
    await editor.waitFor({ state: "detached" });
    await expect.poll(async () => (await call(app, "GET", `/api/maps/${mapId}`)).body.counts.actors).toBe(ACTORS + 1);
    expect(errors.filter((e) => !/status of 40[14]/.test(e))).toEqual([]);
    await context.close();
  });
});
