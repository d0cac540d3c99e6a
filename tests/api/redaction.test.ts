// Privacy by default, end to end: on a map with protected actors (families, individuals, and a school marked
// sensitive), every read route of a map and every export format, fetched as a viewer, as a share-link visitor and
// anonymously on a public map, holds none of their names, ids, contacts, free texts or exact coordinates, in any
// case; editors still read everything.
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../server/app";
import { EXPORT_FORMATS } from "../../server/formats";
import { KUMU_LAYOUTS } from "../../server/schemas/imports";
import { loadSample } from "../../server/seed";
import { buildTestApp, call, newMap, uniqueId } from "../helpers/app";

type Json = Record<string, unknown>;
interface Raw {
  status: number;
  bytes: Buffer;
}

let app: App;
let mapId: string;
/** How each kind of reader gets in: request headers. */
const readers: Record<string, Record<string, string>> = {};
/** Every string of a protected actor that a redacted reader must never receive. */
let secrets: string[] = [];
let full: { actors: Json[]; needs: Json[]; offerings: Json[]; relationships: Json[]; commitments: Json[] };
let protectedIds: Set<string>;
let jobId: string;
let surveyId: string;

const PROTECTED_TYPES = ["family", "individual"];
const isProtected = (a: Json) => PROTECTED_TYPES.includes(a.type as string) || a.sensitive === true;

async function raw(url: string, headers: Record<string, string> = {}): Promise<Raw> {
  const r = await app.inject({ method: "GET", url, headers });
  return { status: r.statusCode, bytes: r.rawPayload };
}

/** A viewer account: added as a member (which creates it), given a password through its link, logged in. */
async function viewerSession(): Promise<Record<string, string>> {
  const username = uniqueId("viewer");
  const added = await call(app, "POST", `/api/maps/${mapId}/members`, { username, role: "viewer" });
  expect(added.status).toBe(201);
  const token = new URL(added.body.setPasswordUrl, "http://atlas.test").searchParams.get("set-password")!;
  const password = "correct horse battery staple";
  const set = await app.inject({ method: "POST", url: "/api/auth/set-password", payload: { token, password } });
  expect(set.statusCode).toBe(204);
  const login = await app.inject({ method: "POST", url: "/api/auth/login", payload: { username, password } });
  expect(login.statusCode).toBe(200);
  const cookie = login.cookies.find((c) => c.name === "atlas_session")!;
  return { cookie: `${cookie.name}=${cookie.value}` };
}

/** The map: the sample ecosystem, with a school marked sensitive and hidden details a leak would show. */
function bundle() {
  const sample = structuredClone(loadSample().bundle);
  const school = sample.actors.find((a) => a.type === "school")!;
  school.sensitive = true;
  school.url = "https://sensitive-school.example/contact";
  school.attributes = { ...school.attributes, contact_phone: "+1 555 0199 221" };
  // The sample holds parents' associations, not families: one of them stands in for a family here.
  const family = sample.actors.find((a) => a.type === "family_group")!;
  family.type = "family";
  const person = sample.actors.find((a) => a.type === "individual")!;
  family.attributes = { ...family.attributes, secretary_email: "secretary@families.example" };
  family.description = `${family.description} Meets at the home of its secretary, Zenobia Quartermaine.`;
  // An unprotected actor that names protected ones in its own text.
  const open = sample.actors.find((a) => !PROTECTED_TYPES.includes(a.type) && a.id !== school.id)!;
  open.description = `Works closely with ${person.name.toUpperCase()} and ${family.name}.`;
  const offering = sample.offerings.find((o) => o.actorId === open.id) ?? sample.offerings[0]!;
  sample.needs.push({
    id: `${person.id}-laptop`,
    actorId: person.id,
    category: offering.category,
    title: `A laptop for ${person.name}`,
    description: "Reach me on my mobile, 555 0142, after six.",
    quantity: 1,
    unit: offering.unit,
    priority: "high",
    status: "open",
  });
  sample.commitments.push({
    id: `${person.id}-gets-one`,
    offeringId: offering.id,
    needId: `${person.id}-laptop`,
    amount: Math.min(1, offering.capacity),
    status: "proposed",
    history: [
      { status: "proposed", by: "coordinator", at: "2024-05-01T10:00:00.000Z", note: "Drop it at 4 Elm Court" },
    ],
  });
  return sample;
}

/** How a text may appear in a response: as written, JSON-escaped or XML-escaped. */
function spellings(text: string): string[] {
  const xml = text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
  return [...new Set([text, JSON.stringify(text).slice(1, -1), xml, xml.replace(/&apos;/g, "&#39;")])];
}

/** Every readable text of a response: the bytes, or the files of a zip (CSV zip, Kumu workbook). */
function texts(bytes: Buffer): string[] {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    return Object.values(unzipSync(bytes)).map((data) => Buffer.from(data).toString("utf8"));
  }
  return [bytes.toString("utf8")];
}

function leaks(bytes: Buffer): string[] {
  const found: string[] = [];
  for (const text of texts(bytes)) {
    const lower = text.toLowerCase();
    for (const secret of secrets) if (lower.includes(secret.toLowerCase())) found.push(secret);
  }
  return [...new Set(found)];
}

beforeAll(async () => {
  app = await buildTestApp();
  mapId = await newMap(app, "redaction");
  const imported = await call(app, "POST", `/api/maps/${mapId}/import`, bundle());
  expect(imported.status).toBe(200);
  const job = await call(app, "POST", `/api/maps/${mapId}/import?async=true`, { actors: [] });
  expect(job.status).toBe(202);
  jobId = job.body.jobId;

  const graph = await call(app, "GET", `/api/maps/${mapId}/graph`);
  expect(graph.status).toBe(200);
  full = graph.body;
  const protectedActors = full.actors.filter(isProtected);
  protectedIds = new Set(protectedActors.map((a) => a.id as string));
  const unprotectedCoordinates = full.actors
    .filter((a) => !isProtected(a) && a.location)
    .flatMap((a) => [String((a.location as Json).lat), String((a.location as Json).lon)]);
  // Contacts and attributes an unprotected actor shares (a parents' group at its school's address) are no leak.
  const unprotected = JSON.stringify(full.actors.filter((a) => !isProtected(a))).toLowerCase();
  const contact = (value: string) => !unprotected.includes(value.toLowerCase());
  const strings = new Set<string>();
  for (const a of protectedActors) {
    strings.add(a.id as string).add(a.name as string);
    if (a.description) strings.add(a.description as string);
    if (a.url) strings.add(a.url as string);
    for (const v of Object.values(a.attributes as Json)) if (typeof v === "string" && contact(v)) strings.add(v);
    const location = a.location as Json | undefined;
    if (location?.address && contact(location.address as string)) strings.add(location.address as string);
    for (const c of [location?.lat, location?.lon]) {
      // A coordinate another, unprotected actor shares (or contains) is no leak.
      if (c !== undefined && !unprotectedCoordinates.some((u) => u.includes(String(c)))) strings.add(String(c));
    }
  }
  const items = [...full.needs, ...full.offerings].filter((i) => protectedIds.has(i.actorId as string));
  for (const item of items) {
    strings.add(item.id as string);
    if (item.description) strings.add(item.description as string);
  }
  const itemIds = new Set(items.map((i) => i.id));
  for (const r of full.relationships) {
    if (protectedIds.has(r.from as string) || protectedIds.has(r.to as string)) strings.add(r.id as string);
  }
  for (const c of full.commitments) {
    if (itemIds.has(c.needId) || itemIds.has(c.offeringId)) {
      strings.add(c.id as string);
      for (const h of c.history as Json[]) if (h.note) strings.add(h.note as string);
    }
  }
  // The map's secret key, which would let anyone test guessed ids against the pseudonyms.
  const stored = (await app.store.getMap(mapId)) as unknown as Json;
  expect(typeof stored.privacyKey).toBe("string");
  strings.add(stored.privacyKey as string);
  // Pieces of the free texts above, found even where a text is cut or quoted.
  for (const marker of ["Zenobia Quartermaine", "555 0142", "4 Elm Court", "555 0199"]) strings.add(marker);
  secrets = [...strings].flatMap(spellings).filter((s) => s.length >= 3);
  expect(protectedIds.size).toBeGreaterThanOrEqual(5);

  // A survey of every actor, each protected one answering with a need whose free text names a contact.
  const survey = await call(app, "POST", `/api/maps/${mapId}/surveys`, {
    title: "Partners 2026",
    closesAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    questions: { partners: true, needs: true, offerings: false, ratings: false },
    roster: { actorIds: full.actors.map((a) => a.id) },
  });
  expect(survey.status, JSON.stringify(survey.body)).toBe(201);
  surveyId = survey.body.id;
  const respondents = (await call(app, "GET", `/api/maps/${mapId}/surveys/${surveyId}/respondents`)).body as Json[];
  for (const r of respondents.filter((r) => protectedIds.has(r.actorId as string))) {
    const token = new URL(r.link as string, "http://atlas.test").searchParams.get("respond")!;
    const answers = {
      partners: [],
      needs: [
        {
          category: full.needs[0]!.category,
          title: "Help with forms",
          quantity: 1,
          priority: "high",
          description: "Ask Zenobia Quartermaine, 555 0142",
        },
      ],
      offerings: [],
    };
    const sent = await call(app, "POST", `/api/respond/${encodeURIComponent(token)}/submit`, answers);
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  }

  readers.viewer = await viewerSession();
  const link = await call(app, "POST", `/api/maps/${mapId}/share-links`, { label: "partners" });
  expect(link.status).toBe(201);
  readers.link = { "x-atlas-share": link.body.token };
  expect((await call(app, "PATCH", `/api/maps/${mapId}`, { visibility: "public" })).status).toBe(200);
  readers.anonymous = {};
}, 120_000);

afterAll(async () => {
  await call(app, "DELETE", `/api/maps/${mapId}`);
  await app.close();
});

/** Every GET route under /api/maps/{mapId} in the OpenAPI document, with ids a redacted reader would use. */
async function readRoutes(headers: Record<string, string>): Promise<string[]> {
  await app.ready();
  const paths = Object.entries((app.swagger() as { paths: Record<string, Json> }).paths)
    .filter(([path, ops]) => path.startsWith("/api/maps/{mapId}") && ops.get)
    .map(([path]) => path);
  // The ids the reader itself was shown, so protected ones come as pseudonyms.
  const graph = JSON.parse((await raw(`/api/maps/${mapId}/graph`, headers)).bytes.toString("utf8"));
  const pseudonymous = (list: Json[]) => list.find((x) => String(x.id).startsWith("anon-"))!.id as string;
  const ids: Record<string, string> = {
    actors: pseudonymous(graph.actors),
    needs: pseudonymous(graph.needs),
    offerings: (graph.offerings as Json[])[0]!.id as string,
    relationships: pseudonymous(graph.relationships),
    commitments: pseudonymous(graph.commitments),
  };
  const category = (graph.categories as Json[])[0]!.id as string;
  const urls: string[] = [];
  for (const path of paths) {
    const resource = path.split("/")[4] ?? "";
    const url = path
      .replace("{mapId}", mapId)
      .replace("{needId}", ids.needs!)
      .replace("{offeringId}", ids.offerings!)
      .replace("{categoryId}", category)
      .replace("{jobId}", jobId)
      .replace("{surveyId}", surveyId)
      .replace("{actorId}", ids.actors!)
      .replace("{id}", ids[resource] ?? "unknown");
    expect(url, `a path parameter of ${path} is not filled`).not.toMatch(/[{}]/);
    urls.push(url);
  }
  // Searches that could find protected actors only through what is hidden.
  const family = full.actors.find((a) => a.type === "family")!;
  urls.push(`/api/maps/${mapId}/actors?q=${encodeURIComponent(family.name as string)}`);
  urls.push(`/api/maps/${mapId}/needs?q=mobile`);
  return urls;
}

describe.each(["viewer", "link", "anonymous"])("a %s reads the map redacted", (reader) => {
  it("on every read route", async () => {
    const headers = readers[reader]!;
    const urls = await readRoutes(headers);
    expect(urls.length).toBeGreaterThan(15);
    const failures: string[] = [];
    for (const url of urls) {
      const r = await raw(url, headers);
      const found = leaks(r.bytes);
      if (found.length) failures.push(`${url} (${r.status}): ${found.slice(0, 5).join(" | ")}`);
      // Redacted, an answer keeps the shape its schema promises: never a 500 from the response's own check.
      if (r.status >= 500) failures.push(`${url}: ${r.status} ${r.bytes.toString("utf8").slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it("in every export format", async () => {
    const headers = readers[reader]!;
    const queries = [
      ...EXPORT_FORMATS.filter((f) => f !== "kumu").map((f) => `format=${f}`),
      ...KUMU_LAYOUTS.map((k) => `format=kumu&kumu=${k}`),
    ];
    for (const query of queries) {
      const r = await raw(`/api/maps/${mapId}/export?${query}`, headers);
      expect(r.status, query).toBe(200);
      expect(leaks(r.bytes), query).toEqual([]);
    }
  }, 120_000);

  it("under stable pseudonyms it can follow back to details and matches", async () => {
    const headers = readers[reader]!;
    const read = async (url: string) => {
      const r = await raw(url, headers);
      return { status: r.status, body: JSON.parse(r.bytes.toString("utf8")) };
    };
    const graph = (await read(`/api/maps/${mapId}/graph`)).body;
    expect(graph.actors).toHaveLength(full.actors.length);
    const hidden = (graph.actors as Json[]).filter((a) => String(a.id).startsWith("anon-"));
    expect(hidden).toHaveLength(protectedIds.size);
    for (const a of hidden) {
      expect(a.id).toMatch(/^anon-[A-Z2-7]{5,}$/);
      expect(a.name).toMatch(new RegExp(`^[A-Z][a-z ]+ ${String(a.id).slice(5)}$`));
      expect(a.description).toBe("");
      expect(a.url).toBeUndefined();
      expect(a.attributes).toEqual({});
    }
    // The same pseudonyms on every read.
    expect((await read(`/api/maps/${mapId}/graph`)).body.actors).toEqual(graph.actors);
    const one = hidden[0]!;
    const detail = await read(`/api/maps/${mapId}/actors/${one.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.name).toBe(one.name);
    // A guessed real id is not found, and the answer names neither it nor its pseudonym.
    const guessed = await read(`/api/maps/${mapId}/actors/${[...protectedIds][0]}`);
    expect(guessed.status).toBe(404);
    const need = (graph.needs as Json[]).find((n) => String(n.id).startsWith("anon-"))!;
    expect(need.actorId).toMatch(/^anon-/);
    const matches = await read(`/api/maps/${mapId}/needs/${need.id}/matches`);
    expect(matches.status).toBe(200);
  }, 60_000);
});

describe("editors", () => {
  it("read everything as it is", async () => {
    const graph = await call(app, "GET", `/api/maps/${mapId}/graph`);
    const names = (graph.body.actors as Json[]).map((a) => a.name);
    expect(names).toContain(full.actors.find((a) => a.type === "family")!.name);
    expect((graph.body.actors as Json[]).some((a) => String(a.id).startsWith("anon-"))).toBe(false);
    const bundleExport = await call(app, "GET", `/api/maps/${mapId}/export`);
    expect(bundleExport.body.actors.filter((a: Json) => a.sensitive === true)).toHaveLength(1);
  });

  it("owners choose which actor types are protected", async () => {
    const r = await call(app, "PATCH", `/api/maps/${mapId}`, { redactedTypes: ["individual"] });
    expect(r.status).toBe(200);
    expect(r.body.redactedTypes).toEqual(["individual"]);
    const viewed = JSON.parse((await raw(`/api/maps/${mapId}/graph`, readers.anonymous)).bytes.toString("utf8"));
    const family = full.actors.find((a) => a.type === "family")!;
    expect((viewed.actors as Json[]).some((a) => a.name === family.name)).toBe(true);
    const person = full.actors.find((a) => a.type === "individual")!;
    expect((viewed.actors as Json[]).some((a) => a.name === person.name)).toBe(false);
    await call(app, "PATCH", `/api/maps/${mapId}`, { redactedTypes: ["family", "individual"] });
  });

  it("hides a family another API process wrote a moment ago, on the very next read", async () => {
    // The plan is current: a read just now confirmed the map's version.
    expect((await raw(`/api/maps/${mapId}/actors?limit=1000`, readers.anonymous)).status).toBe(200);
    // Written straight into the store, as another process would: this process's write hook never sees it.
    const id = uniqueId("family-brackenbury");
    await app.store.createActor(mapId, { id, name: "Ottoline Brackenbury", type: "family" } as never);
    for (const url of [`/api/maps/${mapId}/actors?limit=1000`, `/api/maps/${mapId}/graph`]) {
      const text = (await raw(url, readers.anonymous)).bytes.toString("utf8").toLowerCase();
      expect(text).not.toContain("brackenbury");
      expect(text).toContain("family ");
    }
  });
});
