// What the server refuses or neutralises before data is read or written: security headers and the CSP, cross-origin
// calls, foreign Host headers, unsafe web addresses, spreadsheet formulas in CSV exports, too many writes, and what
// the health check tells anyone who asks.
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp, type App } from "../../server/app";
import { neutraliseFormula, restoreFormula } from "../../server/formats/formulas";
import { hashSecret, newSecret } from "../../server/auth/secrets";
import { adminHeaders, buildTestApp, call, newMap as newTestMap, testNeo4j, uniqueId } from "../helpers/app";
import { FORMAT_FIXTURES, upload as uploadTo, type Upload } from "../helpers/uploads";

let app: App;
const created: string[] = [];
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(async () => {
  for (const id of created) await call(app, "DELETE", `/api/maps/${id}`);
  await app.close();
});

/** A new map, deleted when the suite ends (the test server is shared). */
async function newMap(prefix: string): Promise<string> {
  const id = await newTestMap(app, prefix);
  created.push(id);
  return id;
}

const upload = (mapId: string, files: Upload[], query = "") => uploadTo(app, mapId, files, query);

async function download(mapId: string, query: string): Promise<Buffer> {
  const r = await app.inject({ method: "GET", url: `/api/maps/${mapId}/export${query}`, headers: adminHeaders(app) });
  expect(r.statusCode).toBe(200);
  return r.rawPayload;
}

describe("security headers", () => {
  it.each(["/", "/api/health", "/api/maps", "/api/no-such-route", "/docs"])(
    "%s carries the CSP and helmet headers",
    async (url) => {
      const r = await app.inject({ method: "GET", url });
      const csp = String(r.headers["content-security-policy"]);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'self'");
      expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
      expect(r.headers["x-content-type-options"]).toBe("nosniff");
      expect(r.headers["x-frame-options"]).toBe("SAMEORIGIN");
      expect(r.headers["referrer-policy"]).toBe("no-referrer");
      // Plain http on localhost: no HSTS and no upgrade of subresources to https.
      expect(r.headers["strict-transport-security"]).toBeUndefined();
      expect(csp).not.toContain("upgrade-insecure-requests");
    },
  );

  it("allows inline styles only on Swagger UI's pages", async () => {
    const api = await app.inject({ method: "GET", url: "/api/maps" });
    expect(String(api.headers["content-security-policy"])).toMatch(/(^|;)style-src 'self'(;|$)/);
    for (const url of ["/docs", "/docs/static/index.html", "/docs/json"]) {
      const docs = await app.inject({ method: "GET", url });
      expect(String(docs.headers["content-security-policy"])).toMatch(/(^|;)style-src 'self' 'unsafe-inline'(;|$)/);
      expect(String(docs.headers["content-security-policy"])).toContain("script-src 'self';");
    }
  });

  it("serves the built UI under the same policy when it is built", async () => {
    const r = await app.inject({ method: "GET", url: "/" });
    if (r.statusCode === 404) return; // no dist/client in this checkout: the headers test above still ran on the 404
    expect(r.statusCode).toBe(200);
    // Vite's output has no inline script for the policy to block.
    expect(r.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });
});

describe("CORS", () => {
  it("answers a foreign origin's preflight and request with no Access-Control header", async () => {
    const preflight = await app.inject({
      method: "OPTIONS",
      url: "/api/maps",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(preflight.statusCode).toBe(404);
    expect(preflight.headers["access-control-allow-origin"]).toBeUndefined();
    expect(preflight.headers["access-control-allow-methods"]).toBeUndefined();
    const get = await app.inject({ method: "GET", url: "/api/maps", headers: { origin: "https://evil.example" } });
    expect(get.statusCode).toBe(200);
    expect(get.headers["access-control-allow-origin"]).toBeUndefined();
  });
});

describe("Host header", () => {
  it("refuses a foreign host with 421 and writes nothing", async () => {
    const id = uniqueId("rebind");
    const r = await app.inject({
      method: "POST",
      url: "/api/maps",
      headers: { host: "evil.example" },
      payload: { id, name: "Rebound" },
    });
    expect(r.statusCode).toBe(421);
    expect(r.json()).toEqual({
      statusCode: 421,
      error: "Misdirected Request",
      message: "this server does not answer for host 'evil.example'",
    });
    expect(r.headers["content-security-policy"]).toBeDefined();
    expect((await call(app, "GET", `/api/maps/${id}`)).status).toBe(404);
  });

  it.each(["localhost", "localhost:3000", "127.0.0.1:8080", "[::1]:3000", "LOCALHOST"])(
    "serves loopback host %s",
    async (host) => {
      const r = await app.inject({ method: "GET", url: "/api/health", headers: { host } });
      expect(r.statusCode).toBe(200);
    },
  );

  it.each(["evil.example:3000", "localhost.evil.example", "127.0.0.2", "a@localhost"])(
    "refuses host '%s'",
    async (host) => {
      const r = await app.inject({ method: "GET", url: "/api/health", headers: { host } });
      expect(r.statusCode).toBe(421);
    },
  );

  it("ignores X-Forwarded-Host unless the proxy is trusted", async () => {
    const r = await app.inject({
      method: "GET",
      url: "/api/health",
      headers: { host: "localhost:3000", "x-forwarded-host": "evil.example" },
    });
    expect(r.statusCode).toBe(200);
  });
});

describe("web addresses", () => {
  it.each([
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    "data:text/html,<script>x</script>",
    "vbscript:msgbox",
    "ftp://files.example",
  ])("refuses %s naming the url field, on create and on update", async (url) => {
    const mapId = await newMap("urls");
    const created = await call(app, "POST", `/api/maps/${mapId}/actors`, { name: "A", type: "school", url });
    expect(created.status).toBe(400);
    expect(created.body.issues).toEqual([{ field: "url", message: "must be an http:// or https:// address" }]);
    const ok = await call(app, "POST", `/api/maps/${mapId}/actors`, {
      id: "a",
      name: "A",
      type: "school",
      url: "https://a.example/",
    });
    expect(ok.status).toBe(201);
    const patched = await call(app, "PATCH", `/api/maps/${mapId}/actors/a`, { url });
    expect(patched.status).toBe(400);
    expect(patched.body.issues).toEqual([{ field: "url", message: "must be an http:// or https:// address" }]);
    expect((await call(app, "GET", `/api/maps/${mapId}/actors/a`)).body.url).toBe("https://a.example/");
  });

  it("refuses an unsafe address in a JSON import, naming the item", async () => {
    const mapId = await newMap("urls-json");
    const r = await call(app, "POST", `/api/maps/${mapId}/import`, {
      actors: [{ id: "a", name: "A", type: "school", url: "javascript:alert(1)" }],
    });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain("url");
  });

  it("leaves an unsafe address out of a CSV, Kumu or HSDS import with a warning, keeping the actor", async () => {
    const csv = "id,name,type,url\na,Alpha,school,javascript:alert(1)\nb,Beta,school,https://b.example\n";
    const mapId = await newMap("urls-csv");
    const r = await upload(mapId, [{ name: "actors.csv", data: csv }], "?format=csv");
    expect(r.status).toBe(200);
    expect(r.body.report.issues).toContainEqual(
      expect.objectContaining({
        level: "warning",
        code: "invalid_value",
        message: "'javascript:alert(1)' is not an http:// or https:// address and was left out",
        row: 2,
        column: "url",
      }),
    );
    const actors = (await call(app, "GET", `/api/maps/${mapId}/export`)).body.actors;
    expect(actors).toEqual([
      expect.not.objectContaining({ url: expect.anything() }),
      expect.objectContaining({ id: "b", url: "https://b.example" }),
    ]);
    expect(actors[0].id).toBe("a");

    const kumu = "Label,Type,URL\nAlpha,School,data:text/html;base64,PHNjcmlwdD4=\n";
    const kumuMap = await newMap("urls-kumu");
    const k = await upload(kumuMap, [{ name: "elements.csv", data: kumu }], "?format=kumu");
    expect(k.status).toBe(200);
    expect(k.body.report.issues).toContainEqual(
      expect.objectContaining({ level: "warning", code: "invalid_value", column: "URL" }),
    );
    const kumuActors = (await call(app, "GET", `/api/maps/${kumuMap}/export`)).body.actors;
    expect(kumuActors.map((a: { name: string; url?: string }) => [a.name, a.url])).toEqual([["Alpha", undefined]]);

    const orgs = JSON.parse(readFileSync(new URL("hsds/organizations.json", FORMAT_FIXTURES), "utf8"));
    orgs[0].website = "vbscript:msgbox";
    const hsdsMap = await newMap("urls-hsds");
    const h = await upload(hsdsMap, [{ name: "organizations.json", data: JSON.stringify(orgs) }], "?format=hsds");
    expect(h.status).toBe(200);
    expect(h.body.report.issues).toContainEqual(
      expect.objectContaining({
        level: "warning",
        code: "invalid_value",
        message: "'vbscript:msgbox' is not an http:// or https:// address and was left out",
      }),
    );
    const hsdsActors = (await call(app, "GET", `/api/maps/${hsdsMap}/export`)).body.actors;
    const library = hsdsActors.find((a: { name: string }) => a.name === orgs[0].name);
    expect(library).toBeDefined();
    expect(library.url).toBeUndefined();
  });
});

describe("spreadsheet formulas in exports", () => {
  it("neutralises text by its first character and restores exactly what it neutralised", () => {
    for (const text of ["=1+1", "+1", "-1", "@SUM(1)", "\tx", "\rx", "'=already", "''+x"]) {
      expect(restoreFormula(neutraliseFormula(text))).toBe(text);
    }
    expect(["=1", "+1", "-1", "@a", "\tx", "\rx"].map(neutraliseFormula)).toEqual([
      "'=1",
      "'+1",
      "'-1",
      "'@a",
      "'\tx",
      "'\rx",
    ]);
    expect(["plain", "a=b", "", "'quoted", "1-2"].map(neutraliseFormula)).toEqual([
      "plain",
      "a=b",
      "",
      "'quoted",
      "1-2",
    ]);
    expect(neutraliseFormula("'=x")).toBe("''=x");
    expect(["'plain", "'=x", "''=x", "'"].map(restoreFormula)).toEqual(["'plain", "=x", "'=x", "'"]);
  });

  const bundle = {
    actors: [
      {
        id: "a",
        name: '=HYPERLINK("http://x","y")',
        type: "school",
        description: "Tabbed",
        tags: ["@tag"],
        attributes: { score: -3.5, code: "-A7", note: "+1" },
        location: { lat: -33.9, lon: 18.4 },
      },
      { id: "b", name: "@SUM(1)", type: "business", description: "=1+1" },
      { id: "c", name: "Plain - not a formula", type: "nonprofit" },
    ],
    relationships: [{ id: "t", from: "b", to: "a", type: "funds", amount: 1000, weight: 2 }],
    needs: [
      {
        id: "n1",
        actorId: "a",
        category: "mentorship",
        title: "Mentors",
        description: "+2 mentors wanted",
        priority: "high",
        quantity: 3,
      },
      {
        id: "n2",
        actorId: "a",
        category: "mentorship",
        title: "-1 laptop",
        description: "-3 laptops short",
        quantity: 3,
        priority: "low",
      },
    ],
  };
  let source: string;
  let reference: { actors: unknown[]; needs: unknown[]; relationships: unknown[] };

  beforeAll(async () => {
    source = await newMap("formulas");
    const imported = await call(app, "POST", `/api/maps/${source}/import`, bundle);
    expect(imported.body).toMatchObject({ actors: 3, needs: 2, relationships: 1 });
    reference = (await call(app, "GET", `/api/maps/${source}/export`)).body;
  });

  it("writes formula-like text with a leading ' in the CSV export, and numbers as numbers", async () => {
    const files = unzipSync(new Uint8Array(await download(source, "?format=csv")));
    const actors = strFromU8(files["actors.csv"]!);
    expect(actors).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(actors).toContain("'@SUM(1)");
    expect(actors).toContain("'=1+1");
    expect(actors).toContain("'@tag");
    expect(actors).toContain("Plain - not a formula");
    // The number -3.5 and the latitude stay numbers; the text "-A7" and "+1" are neutralised.
    const [rowA] = parse(actors, { bom: true, columns: true }) as Record<string, string>[];
    expect(rowA).toMatchObject({ "attr:score": "-3.5", "attr:code": "'-A7", "attr:note": "'+1", lat: "-33.9" });
    const needs = strFromU8(files["needs.csv"]!);
    expect(needs).toContain("'+2 mentors wanted");
    expect(needs).toContain("'-3 laptops short");
    expect(needs).toContain("'-1 laptop");
    expect(needs).not.toMatch(/(^|,)[=+\-@]/m);
  });

  it("imports its own CSV export back to the exact text", async () => {
    const copy = await newMap("formulas-csv");
    const r = await upload(copy, [{ name: "export.zip", data: await download(source, "?format=csv") }], "?format=csv");
    expect(r.status).toBe(200);
    const again = (await call(app, "GET", `/api/maps/${copy}/export`)).body;
    expect(again.actors).toEqual(reference.actors);
    expect(again.needs).toEqual(reference.needs);
    expect(again.relationships).toEqual(reference.relationships);
  });

  it("neutralises the Kumu CSV export and reads it back to the same names", async () => {
    const zip = await download(source, "?format=kumu&kumu=csv");
    const files = unzipSync(new Uint8Array(zip));
    const elements = strFromU8(files["elements.csv"]!);
    expect(elements).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(elements).toContain("'@SUM(1)");
    expect(elements).toMatch(/,-33\.9,18\.4,/);
    const copy = await newMap("formulas-kumu");
    const r = await upload(copy, [{ name: "export.zip", data: zip }], "?format=kumu");
    expect(r.status).toBe(200);
    const names = (await call(app, "GET", `/api/maps/${copy}/export`)).body.actors.map((a: { name: string }) => a.name);
    expect(names.sort()).toEqual(bundle.actors.map((a) => a.name).sort());
  });

  it("writes the Kumu workbook's text as text, never as a formula", async () => {
    const xlsx = await download(source, "?format=kumu");
    const parts = unzipSync(new Uint8Array(xlsx));
    const sheets = Object.keys(parts).filter((name) => /^xl\/worksheets\/sheet\d+\.xml$/.test(name));
    expect(sheets.length).toBe(2);
    for (const name of sheets) expect(strFromU8(parts[name]!)).not.toContain("<f>");
    const copy = await newMap("formulas-xlsx");
    const r = await upload(copy, [{ name: "export.xlsx", data: xlsx }], "?format=kumu");
    expect(r.status).toBe(200);
    const names = (await call(app, "GET", `/api/maps/${copy}/export`)).body.actors.map((a: { name: string }) => a.name);
    expect(names.sort()).toEqual(bundle.actors.map((a) => a.name).sort());
  });
});

describe("health", () => {
  it("tells callers up or down, and nothing about the database", async () => {
    const r = await app.inject({ method: "GET", url: "/api/health" });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ status: "ok", api: "up", neo4j: { status: "up" } });
    expect(r.body).not.toMatch(/bolt|neo4j:\/\/|5\.26|version|edition|uri|user/i);
  });
});

describe("a configured deployment", () => {
  let configured: App;
  beforeAll(async () => {
    configured = await buildApp({
      neo4j: testNeo4j(),
      security: {
        publicOrigin: "https://atlas.example.org",
        corsOrigins: ["https://partner.example"],
        trustProxy: true,
        writeRateLimit: 3,
      },
    });
  });
  afterAll(() => configured?.close());

  it("serves its public host, and loopback, and refuses other hosts and ports", async () => {
    const status = async (headers: Record<string, string>) =>
      (await configured.inject({ method: "GET", url: "/api/health", headers })).statusCode;
    expect(await status({ host: "atlas.example.org" })).toBe(200);
    expect(await status({ host: "ATLAS.example.org:443" })).toBe(200);
    expect(await status({ host: "127.0.0.1:3000" })).toBe(200);
    expect(await status({ host: "atlas.example.org:8443" })).toBe(421);
    expect(await status({ host: "evil.example" })).toBe(421);
    // Behind the trusted proxy the forwarded host is the one that counts.
    expect(await status({ host: "127.0.0.1:3000", "x-forwarded-host": "atlas.example.org" })).toBe(200);
    expect(await status({ host: "127.0.0.1:3000", "x-forwarded-host": "evil.example" })).toBe(421);
  });

  it("sends HSTS and upgrades insecure requests on an https deployment", async () => {
    const r = await configured.inject({ method: "GET", url: "/api/health", headers: { host: "atlas.example.org" } });
    expect(r.headers["strict-transport-security"]).toBe("max-age=31536000");
    expect(r.headers["content-security-policy"]).toContain("upgrade-insecure-requests");
  });

  it("answers CORS for a listed origin only", async () => {
    const preflight = await configured.inject({
      method: "OPTIONS",
      url: "/api/maps",
      headers: {
        host: "atlas.example.org",
        origin: "https://partner.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, content-type",
      },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers["access-control-allow-origin"]).toBe("https://partner.example");
    expect(preflight.headers["access-control-allow-credentials"]).toBeUndefined();
    const foreign = await configured.inject({
      method: "GET",
      url: "/api/maps",
      headers: { host: "atlas.example.org", origin: "https://evil.example" },
    });
    expect(foreign.headers["access-control-allow-origin"]).toBeUndefined();
  });

  /** An API token of a new admin account of the configured app: each caller has a write budget of its own. */
  async function adminToken(): Promise<Record<string, string>> {
    const user = await configured.store.accounts.createUser({
      username: uniqueId("limited-admin"),
      isAdmin: true,
      passwordHash: null,
    });
    const token = newSecret("atl_");
    await configured.store.accounts.createToken({
      userId: user.id,
      name: "hardening",
      hash: hashSecret(token),
      role: "owner",
      maps: null,
      expiresAt: null,
    });
    return { host: "localhost", authorization: `Bearer ${token}` };
  }

  it("answers 429 with Retry-After past the write limit, and still serves reads", async () => {
    const headers = await adminToken();
    const ids: string[] = [];
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const id = uniqueId("limited");
      ids.push(id);
      const r = await configured.inject({ method: "POST", url: "/api/maps", headers, payload: { id, name: id } });
      statuses.push(r.statusCode);
      if (r.statusCode === 429) {
        expect(Number(r.headers["retry-after"])).toBeGreaterThan(0);
        expect(Number(r.headers["retry-after"])).toBeLessThanOrEqual(60);
        expect(r.json()).toMatchObject({ statusCode: 429, error: "Too Many Requests" });
      }
    }
    expect(statuses).toEqual([201, 201, 201, 429]);
    expect((await configured.inject({ method: "GET", url: `/api/maps/${ids[3]}`, headers })).statusCode).toBe(404);
    expect((await configured.inject({ method: "GET", url: `/api/maps/${ids[0]}`, headers })).statusCode).toBe(200);
    // Another account has a budget of its own.
    const other = await adminToken();
    for (const id of ids.slice(0, 3)) {
      const r = await configured.inject({ method: "DELETE", url: `/api/maps/${id}`, headers: other });
      expect(r.statusCode).toBe(204);
    }
  });
});
