// Real-world files are forgiven where they can be: a bad optional value (a coordinate out of range or not a number, a
// web address that is no http(s) URI) is left out with a warning and the item imported without it, while a bad
// required value refuses the import and writes nothing. Every issue names the file, row and column (or JSON path)
// where the value actually is: an HSDS organization's coordinates are in locations.csv, not organizations.csv.
import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../server/app";
import type { Bundle } from "../../server/schemas/domain";
import type { ImportIssue } from "../../server/formats";
import { buildTestApp, call, newMap } from "../helpers/app";
import { FORMAT_FIXTURES, upload, type Upload } from "../helpers/uploads";

let app: App;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

const fixtureText = (path: string) => readFileSync(new URL(path, FORMAT_FIXTURES), "utf8");

/** The HSDS tabular fixture, each file passed through `edit` (by file name) first. */
function hsdsFiles(edit: Record<string, (text: string) => string>): Upload[] {
  return readdirSync(new URL("hsds/tabular/", FORMAT_FIXTURES))
    .sort()
    .map((name) => {
      const text = fixtureText(`hsds/tabular/${name}`);
      return { name, data: edit[name] ? edit[name](text) : text };
    });
}

/** Replaces `from` in line `line` (1-based, the header is 1) and nowhere else, so the row under test is known. */
function onLine(text: string, line: number, from: string, to: string): string {
  const lines = text.split("\n");
  expect(lines[line - 1]).toContain(from);
  lines[line - 1] = lines[line - 1]!.replace(from, to);
  return lines.join("\n");
}

async function exported(mapId: string): Promise<Bundle> {
  const r = await call(app, "GET", `/api/maps/${mapId}/export`);
  expect(r.status).toBe(200);
  return r.body;
}

async function snapshot(mapId: string) {
  const map = (await call(app, "GET", `/api/maps/${mapId}`)).body;
  return { version: map.version, counts: map.counts, bundle: await exported(mapId) };
}

const warnings = (issues: ImportIssue[]) => issues.filter((i) => i.level === "warning" && i.code === "invalid_value");
const errors = (issues: ImportIssue[]) => issues.filter((i) => i.level === "error");

describe("HSDS tabular files", () => {
  it("imports an organization whose location has an out-of-range latitude, without that location, naming locations.csv", async () => {
    const mapId = await newMap(app, "hsds-forgiven");
    const files = hsdsFiles({
      // Line 2 is the library's location; line 4 of organizations.csv is MindBridge.
      "locations.csv": (t) => onLine(t, 2, ",44.9512,", ",144.9512,"),
      "organizations.csv": (t) => onLine(t, 4, "https://mindbridge.example.org", "mindbridge dot org"),
    });
    const r = await upload(app, mapId, files, "?format=hsds");
    expect(r.status).toBe(200);
    expect(r.body.counts).toMatchObject({ actors: 4, offerings: 4 });
    const found = warnings(r.body.report.issues);
    expect(found).toEqual([
      {
        level: "warning",
        code: "invalid_value",
        file: "organizations.csv",
        row: 4,
        column: "website",
        message: "'mindbridge dot org': must match format \"uri\"; the url was left out",
      },
      {
        level: "warning",
        code: "invalid_value",
        file: "locations.csv",
        row: 2,
        column: "latitude",
        message: "'144.9512': Too big: expected number to be <=90; the location was left out",
      },
    ]);
    const actors = (await exported(mapId)).actors;
    const library = actors.find((a) => a.name === "Riverbend Public Library")!;
    expect(library).toBeDefined();
    expect(library.location).toBeUndefined();
    expect(library.url).toBe("https://library.riverbend.example.org");
    const mindbridge = actors.find((a) => a.name === "MindBridge Counselling")!;
    expect(mindbridge.url).toBeUndefined();
    expect(mindbridge.location).toMatchObject({ lat: 44.956, lon: -93.085, address: "22 Cedar Street, Riverbend" });
  });

  it("refuses a location without an id, naming locations.csv, its row and the column, and writes nothing", async () => {
    const mapId = await newMap(app, "hsds-refused");
    const before = await snapshot(mapId);
    const files = hsdsFiles({
      "locations.csv": (t) => onLine(t, 3, "9d1c3553-6daa-56f5-b8d2-e9fc95491317,", ","),
    });
    const r = await upload(app, mapId, files, "?format=hsds");
    expect(r.status).toBe(400);
    expect(errors(r.body.report.issues)).toEqual([
      expect.objectContaining({ code: "schema", file: "locations.csv", row: 3, column: "id" }),
    ]);
    expect(await snapshot(mapId)).toEqual(before);
  });
});

describe("HSDS JSON", () => {
  it("names the JSON path of the nested location whose latitude is out of range", async () => {
    const mapId = await newMap(app, "hsds-json-forgiven");
    const orgs = JSON.parse(fixtureText("hsds/organizations.json"));
    orgs[0].locations[0].latitude = -91;
    const r = await upload(app, mapId, [{ name: "organizations.json", data: JSON.stringify(orgs) }], "?format=hsds");
    expect(r.status).toBe(200);
    expect(warnings(r.body.report.issues)).toEqual([
      expect.objectContaining({
        file: "organizations.json",
        field: "organizations[0].locations[0].latitude",
        message: "'-91': Too small: expected number to be >=-90; the location was left out",
      }),
    ]);
    const library = (await exported(mapId)).actors.find((a) => a.name === orgs[0].name)!;
    expect(library.location).toBeUndefined();
  });
});

describe("360Giving", () => {
  const LAT = "Recipient Org:Location:Latitude";

  it("imports a grants sheet with an out-of-range latitude and a funder address that is no URI, naming row and column", async () => {
    const mapId = await newMap(app, "grants-forgiven");
    let text = fixtureText("360giving/grants.csv");
    // Line 2 is the first grant: Eastside Middle School's location, the Community Foundation's web address.
    text = onLine(text, 2, ",44.9488,", ",95,");
    text = onLine(text, 2, "https://rcf.riverbend.example.org", "rcf riverbend");
    const r = await upload(app, mapId, [{ name: "grants.csv", data: text }], "?format=360giving");
    expect(r.status).toBe(200);
    expect(r.body.counts).toMatchObject({ actors: 9, relationships: 7 });
    expect(warnings(r.body.report.issues)).toEqual([
      {
        level: "warning",
        code: "invalid_value",
        file: "grants.csv",
        row: 2,
        column: "Funding Org:Web Address",
        message: "'rcf riverbend': must match format \"uri\"; the url was left out",
      },
      {
        level: "warning",
        code: "invalid_value",
        file: "grants.csv",
        row: 2,
        column: LAT,
        message: "'95': Too big: expected number to be <=90; the location was left out",
      },
    ]);
    const school = (await call(app, "GET", `/api/maps/${mapId}/actors/US-EIN-410000004`)).body;
    expect(school.name).toBe("Eastside Middle School");
    expect(school.location ?? undefined).toBeUndefined();
    const funder = (await call(app, "GET", `/api/maps/${mapId}/actors/US-EIN-410000001`)).body;
    expect(funder.url ?? undefined).toBeUndefined();
    expect(funder.location).toMatchObject({ lat: 44.9531, lon: -93.09 });
  });

  it("names the JSON path of a bad latitude and of a javascript: address in a package", async () => {
    const mapId = await newMap(app, "grants-json-forgiven");
    const pkg = JSON.parse(fixtureText("360giving/grants.json"));
    pkg.grants[0].recipientOrganization[0].location[0].latitude = 95;
    pkg.grants[0].fundingOrganization[0].url = "javascript:alert(1)";
    const r = await upload(app, mapId, [{ name: "grants.json", data: JSON.stringify(pkg) }], "?format=360giving");
    expect(r.status).toBe(200);
    expect(warnings(r.body.report.issues).map((i) => [i.file, i.field, i.row, i.column])).toEqual([
      ["grants.json", "grants[0].fundingOrganization[0].url", undefined, undefined],
      ["grants.json", "grants[0].recipientOrganization[0].location[0].latitude", undefined, undefined],
    ]);
    expect((await call(app, "GET", `/api/maps/${mapId}/actors/US-EIN-410000004`)).body.location ?? undefined).toBe(
      undefined,
    );
  });

  it("refuses a grant whose amount is not a number, naming its row and column, and writes nothing", async () => {
    const mapId = await newMap(app, "grants-refused");
    const before = await snapshot(mapId);
    const text = onLine(fixtureText("360giving/grants.csv"), 3, ",40000,", ",forty thousand,");
    const r = await upload(app, mapId, [{ name: "grants.csv", data: text }], "?format=360giving");
    expect(r.status).toBe(400);
    expect(errors(r.body.report.issues)).toEqual([
      expect.objectContaining({ code: "schema", file: "grants.csv", row: 3, column: "Amount Awarded" }),
    ]);
    expect(await snapshot(mapId)).toEqual(before);
  });
});

describe("Kumu sheets and graph files", () => {
  it("names the Kumu sheet, row and column of a latitude that is no number and a date that is no date", async () => {
    const mapId = await newMap(app, "kumu-forgiven");
    const elements = onLine(fixtureText("kumu/elements.csv"), 2, ",44.9531,", ",north,");
    const connections = onLine(fixtureText("kumu/connections.csv"), 2, ",2022-09-01,", ",someday,");
    const r = await upload(
      app,
      mapId,
      [
        { name: "elements.csv", data: elements },
        { name: "connections.csv", data: connections },
      ],
      "?format=kumu",
    );
    expect(r.status).toBe(200);
    expect(warnings(r.body.report.issues)).toEqual([
      expect.objectContaining({
        file: "elements.csv",
        row: 2,
        column: "Latitude",
        message: "'north' is not a number; the location was left out",
      }),
      expect.objectContaining({
        file: "connections.csv",
        row: 2,
        column: "Since",
        message: expect.stringMatching(/^'someday': .*; the since was left out$/),
      }),
    ]);
    const bundle = await exported(mapId);
    const foundation = bundle.actors.find((a) => a.name === "Riverbend Community Foundation")!;
    expect(foundation.location).toBeUndefined();
    expect(foundation.url).toBe("https://rcf.riverbend.example.org");
    const school = bundle.actors.find((a) => a.name === "Eastside Middle School")!;
    const tie = bundle.relationships.find((t) => t.from === foundation.id && t.to === school.id)!;
    expect(tie).toMatchObject({ amount: 25000, until: "2025-08-31" });
    expect(tie.since).toBeUndefined();
  });

  it("names the GraphML node's line and the attribute of an out-of-range latitude", async () => {
    const mapId = await newMap(app, "graphml-forgiven");
    const text = fixtureText("graph/gephi.graphml");
    const lines = text.split("\n");
    const line = lines.findIndex((l) => l.includes('<data key="lat">44.9531</data>')) + 1;
    const nodeLine = lines.slice(0, line).findLastIndex((l) => l.includes("<node")) + 1;
    const r = await upload(
      app,
      mapId,
      [{ name: "gephi.graphml", data: onLine(text, line, "44.9531", "444.9531") }],
      "?format=graphml",
    );
    expect(r.status).toBe(200);
    expect(warnings(r.body.report.issues)).toEqual([
      expect.objectContaining({
        file: "gephi.graphml",
        row: nodeLine,
        column: "lat",
        message: "'444.9531': Too big: expected number to be <=90; the location was left out",
      }),
    ]);
    const foundation = (await exported(mapId)).actors.find((a) => a.name === "Riverbend Community Foundation")!;
    expect(foundation.location).toBeUndefined();
  });
});

describe("CSV quotes", () => {
  it.each([
    [
      "a quote that is never closed",
      'id,name,type\na,Alpha,school\nb,"Beta,school\nc,Gamma,school\n',
      { row: 3, column: "name" },
      /quoted field \(name\) opened in the record starting on line 3 is never closed/,
    ],
    [
      "text after a closing quote",
      'id,name,type\na,Alpha,"school" x\n',
      { row: 2, column: "type" },
      /line 2, type: a quote closes a field but more text follows it/,
    ],
  ])("names the file, row and column of %s, and writes nothing", async (_what, text, where, message) => {
    const mapId = await newMap(app, "csv-quote");
    const before = await snapshot(mapId);
    const r = await upload(app, mapId, [{ name: "actors.csv", data: text }], "?format=csv");
    expect(r.status).toBe(400);
    const [error] = errors(r.body.report.issues);
    expect(error).toMatchObject({ code: "malformed", file: "actors.csv", ...where });
    expect(error!.message).toMatch(message);
    expect(await snapshot(mapId)).toEqual(before);
  });
});
