// Imports and exports through the API against the real Neo4j: every format's fixture uploaded as multipart, dry runs,
// re-imports, refused files that leave the map exactly as it was, import jobs, exports that import back, upload
// limits, and the atlas CLI talking to a listening server.
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../server/app";
import { ASYNC_UPLOAD_BYTES, MAX_UPLOAD_FILE_BYTES, MAX_UPLOAD_FILES } from "../../server/services/uploads";
import type { Bundle } from "../../server/schemas/domain";
import { ImportJobs } from "../../server/services/import-jobs";
import { ACTOR_FIELDS, expectCarried, expected, TIE_FIELDS } from "../formats/helpers";
import { adminHeaders, buildTestApp, call, newMap, type Reply } from "../helpers/app";
import { UPLOAD_DIR_PREFIX } from "../../server/services/uploads";
import { csvZip, fixtureUpload, multipart, upload as uploadTo, type Upload } from "../helpers/uploads";

const ROOT = new URL("../../", import.meta.url);
const FIXTURES = new URL("fixtures/formats/", ROOT);
const GRAPH = { actors: ACTOR_FIELDS, relationships: TIE_FIELDS } as const;
const EXPECTED_COUNTS = { categories: 0, actors: 14, relationships: 23, needs: 4, offerings: 6, commitments: 0 };

const fixture = fixtureUpload;
const text = (name: string, data: string): Upload => ({ name, data });

let app: App;

const upload = (mapId: string, files: Upload[], query = ""): Promise<Reply> => uploadTo(app, mapId, files, query);

async function exported(mapId: string): Promise<Bundle> {
  const r = await call(app, "GET", `/api/maps/${mapId}/export`);
  expect(r.status).toBe(200);
  return r.body;
}

/** What must not move when an import is refused: the map's version, its counts and its whole content. */
async function snapshot(mapId: string) {
  const map = (await call(app, "GET", `/api/maps/${mapId}`)).body;
  return { version: map.version, counts: map.counts, bundle: await exported(mapId) };
}

async function untilFinished(mapId: string, jobId: string): Promise<Reply> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const r = await call(app, "GET", `/api/maps/${mapId}/imports/${jobId}`);
    if (r.status !== 200 || r.body.status !== "running" || Date.now() > deadline) return r;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A map holding expected.json, imported as a JSON bundle: what every other format is compared with. */
let reference: Bundle;

beforeAll(async () => {
  app = await buildTestApp();
  const mapId = await newMap(app, "reference");
  expect((await call(app, "POST", `/api/maps/${mapId}/import`, expected)).status).toBe(200);
  reference = await exported(mapId);
});
afterAll(() => app.close());

describe("uploading each format", () => {
  it("imports a zip of CSV files, guessing the format, to the same map as the JSON bundle", async () => {
    const mapId = await newMap(app, "csv");
    const r = await upload(mapId, [csvZip()]);
    expect(r.status).toBe(200);
    expect(r.body.counts).toEqual(EXPECTED_COUNTS);
    expect(r.body.report).toMatchObject({ format: "csv", files: ["riverbend-csv.zip"], omittedIssues: 0 });
    expect(await exported(mapId)).toEqual(reference);
    const school = (await call(app, "GET", `/api/maps/${mapId}/actors/eastside-middle-school`)).body;
    expect(school).toMatchObject({
      name: "Eastside Middle School",
      type: "school",
      attributes: { students: 620, free_meals_share: 0.86 },
      location: { lat: 44.9488, lon: -93.0412, region: "Eastside" },
    });
  });

  it("imports separate CSV files of one upload", async () => {
    const mapId = await newMap(app, "csv-files");
    const files = ["actors", "relationships", "needs", "offerings"].map((kind) => fixture(`csv/${kind}.csv`));
    const r = await upload(mapId, files, "?format=csv");
    expect(r.status).toBe(200);
    expect(r.body.counts).toEqual(EXPECTED_COUNTS);
    expect(await exported(mapId)).toEqual(reference);
  });

  it.each([
    ["a Kumu workbook", "kumu", [fixture("kumu/ecosystem.xlsx")]],
    ["Kumu's two CSV sheets", "kumu", [fixture("kumu/elements.csv"), fixture("kumu/connections.csv")]],
    ["Gephi's GEXF", "gexf", [fixture("graph/gephi.gexf")]],
    ["NetworkX's GEXF", "gexf", [fixture("graph/networkx.gexf")]],
    ["Gephi's GraphML", "graphml", [fixture("graph/gephi.graphml")]],
    ["igraph's GraphML", "graphml", [fixture("graph/igraph.graphml")]],
  ])("imports %s: actors and ties with their attributes", async (_what, format, files) => {
    const mapId = await newMap(app, format);
    const r = await upload(mapId, files);
    expect(r.status).toBe(200);
    expect(r.body.report.format).toBe(format);
    expect(r.body.counts).toEqual({ ...EXPECTED_COUNTS, needs: 0, offerings: 0 });
    expectCarried(await exported(mapId), GRAPH);
    const funds = (await call(app, "GET", `/api/maps/${mapId}/relationships?actorId=riverbend-community-foundation`))
      .body.items;
    expect(funds.find((t: { to: string }) => t.to === "eastside-middle-school")).toMatchObject({
      type: "funds",
      amount: 25000,
      since: "2022-09-01",
    });
  });

  it.each([
    ["nested JSON", [fixture("hsds/organizations.json")]],
    [
      "the tabular CSV files",
      [
        "addresses",
        "attributes",
        "locations",
        "organizations",
        "service_at_location",
        "services",
        "taxonomy_terms",
      ].map((name) => fixture(`hsds/tabular/${name}.csv`)),
    ],
  ])("imports Open Referral HSDS as %s: organizations as actors, services as offerings", async (_what, files) => {
    const mapId = await newMap(app, "hsds");
    const r = await upload(mapId, files, "?format=hsds");
    expect(r.status).toBe(200);
    expect(r.body.counts).toMatchObject({ actors: 4, offerings: 4, relationships: 0 });
    const bundle = await exported(mapId);
    expectCarried(bundle, {
      byName: true,
      actorIds: [
        "riverbend-public-library",
        "riverbend-valley-food-bank",
        "mindbridge-counselling",
        "valley-mentoring-partnership",
      ],
      actors: ["id", "name", "type", "description", "location", "url"],
      offerings: ["actorId", "title", "category"],
    });
    const library = bundle.actors.find((a) => a.name === "Riverbend Public Library")!;
    expect(bundle.offerings.find((o) => o.actorId === library.id)).toMatchObject({
      title: "Wi-Fi hotspot lending",
      category: "technology/connectivity",
      modality: "in_person",
      reachKm: 10,
    });
  });

  it.each([
    ["a JSON package", "360giving/grants.json"],
    ["a flat CSV sheet", "360giving/grants.csv"],
  ])("imports 360Giving grants as %s: funders and recipients, grants as funds ties", async (_what, path) => {
    const mapId = await newMap(app, "grants");
    const r = await upload(mapId, [fixture(path)], "?format=360giving");
    expect(r.status).toBe(200);
    expect(r.body.counts).toMatchObject({ actors: 9, relationships: 7 });
    expect(r.body.report.issues.some((i: { code: string }) => i.code === "id_changed")).toBe(true);
    const grant = (await call(app, "GET", `/api/maps/${mapId}/relationships/360g-rcf-2022-001`)).body;
    expect(grant).toMatchObject({
      from: "US-EIN-410000001",
      to: "US-EIN-410000004",
      type: "funds",
      amount: 25000,
      since: "2022-09-01",
      until: "2025-08-31",
    });
    expect((await call(app, "GET", `/api/maps/${mapId}/actors/US-EIN-410000001`)).body.name).toBe(
      "Riverbend Community Foundation",
    );
  });

  it("accepts references to what the map already holds", async () => {
    const mapId = await newMap(app, "known");
    await call(app, "POST", `/api/maps/${mapId}/import`, {
      actors: [{ id: "food-bank", name: "Food bank", type: "nonprofit" }],
    });
    const dangling = ["actors", "relationships"].map((kind) => fixture(`bad/dangling/${kind}.csv`));
    const r = await upload(mapId, dangling);
    expect(r.status).toBe(200);
    expect(r.body.counts).toMatchObject({ actors: 2, relationships: 2 });
    expect((await call(app, "GET", `/api/maps/${mapId}`)).body.counts.relationships).toBe(2);
  });
});

describe("dry runs and re-imports", () => {
  it("reports what a dry run would create and writes nothing", async () => {
    const mapId = await newMap(app, "dry");
    const before = await snapshot(mapId);
    const r = await upload(mapId, [csvZip()], "?dryRun=true");
    expect(r.status).toBe(200);
    expect(r.body.dryRun).toBe(true);
    expect(r.body.counts).toEqual(EXPECTED_COUNTS);
    expect(r.body.changes.actors).toEqual({ created: 14, updated: 0 });
    expect(r.body.changes.relationships).toEqual({ created: 23, updated: 0 });
    expect(r.body.changes.needs).toEqual({ created: 4, updated: 0 });
    expect(await snapshot(mapId)).toEqual(before);
  });

  it("re-importing the same file changes nothing, and a dry run then says every item would be updated", async () => {
    const mapId = await newMap(app, "again");
    const first = await upload(mapId, [csvZip()]);
    const once = await snapshot(mapId);
    const dry = await upload(mapId, [csvZip()], "?dryRun=true");
    expect(dry.body.changes).toEqual({
      categories: { created: 0, updated: 0 },
      actors: { created: 0, updated: 14 },
      relationships: { created: 0, updated: 23 },
      needs: { created: 0, updated: 4 },
      offerings: { created: 0, updated: 6 },
      commitments: { created: 0, updated: 0 },
    });
    const second = await upload(mapId, [csvZip()]);
    expect(second.status).toBe(200);
    expect(second.body.counts).toEqual(first.body.counts);
    const twice = await snapshot(mapId);
    expect(twice.counts).toEqual(once.counts);
    expect(twice.bundle).toEqual(once.bundle);
  });

  it("mixes new and existing items in a dry run of a JSON body", async () => {
    const mapId = await newMap(app, "dry-json");
    await call(app, "POST", `/api/maps/${mapId}/import`, { actors: [{ id: "a", name: "A", type: "school" }] });
    const before = await snapshot(mapId);
    const r = await call(app, "POST", `/api/maps/${mapId}/import?dryRun=true`, {
      actors: [
        { id: "a", name: "A renamed", type: "school" },
        { id: "b", name: "B", type: "funder" },
      ],
      relationships: [{ from: "b", to: "a", type: "funds", amount: 500 }],
    });
    expect(r.status).toBe(200);
    expect(r.body.changes.actors).toEqual({ created: 1, updated: 1 });
    expect(r.body.changes.relationships).toEqual({ created: 1, updated: 0 });
    expect(await snapshot(mapId)).toEqual(before);
  });
});

describe("refused uploads leave the map as it was", () => {
  let mapId: string;
  beforeAll(async () => {
    mapId = await newMap(app, "refused");
    expect((await call(app, "POST", `/api/maps/${mapId}/import`, expected)).status).toBe(200);
  });

  it("names the file, row and column of a bad CSV row", async () => {
    const before = await snapshot(mapId);
    const r = await upload(mapId, [
      text(
        "actors.csv",
        "id,name,type,lat,lon\nalpha,Alpha,school,45,-93\nbeta,Beta,alien,46,-93\ngamma,,school,45,-93\ndelta,Delta,school,north,-93\n",
      ),
    ]);
    expect(r.status).toBe(400);
    expect(r.body.issues).toEqual([
      expect.objectContaining({
        field: "actors.csv, row 3, column type",
        file: "actors.csv",
        row: 3,
        column: "type",
        code: "invalid_value",
      }),
      {
        field: "actors.csv, row 4, column name",
        file: "actors.csv",
        row: 4,
        column: "name",
        code: "invalid_value",
        message: "is required but empty or missing",
      },
    ]);
    expect(r.body.message).toContain("actors.csv, row 3, column type");
    expect(r.body.report).toMatchObject({ format: "csv", rows: 4, counts: { actors: 0 } });
    // A coordinate is optional: one that is no number is only a warning, even in a refused file.
    expect(r.body.report.issues).toContainEqual({
      level: "warning",
      code: "invalid_value",
      file: "actors.csv",
      row: 5,
      column: "lat",
      field: "location.lat",
      message: "'north' is not a number; the location was left out",
    });
    expect(await snapshot(mapId)).toEqual(before);
    expect((await call(app, "GET", `/api/maps/${mapId}/actors/alpha`)).status).toBe(404);
  });

  it.each([
    ["malformed CSV", "bad/malformed.csv", { code: "malformed", row: 2 }],
    ["a wrong delimiter", "bad/semicolon.csv", { code: "delimiter", row: 1 }],
    ["Latin-1 text", "bad/latin1.csv", { code: "encoding", row: 2 }],
    ["unknown columns", "bad/unknown-columns.csv", { code: "unknown_column", column: "Organisation Size, Founded In" }],
    ["duplicate ids", "bad/duplicate-ids.csv", { code: "duplicate_id", row: 4, column: "id" }],
    ["a GEXF that is not XML", "bad/not-xml.gexf", { code: "not_xml" }],
  ])("refuses %s with a 400 naming where", async (_what, path, issue) => {
    const before = await snapshot(mapId);
    const r = await upload(mapId, [fixture(path)]);
    expect(r.status).toBe(400);
    expect(r.body.issues[0]).toMatchObject({ file: path.split("/").pop(), ...issue });
    expect(await snapshot(mapId)).toEqual(before);
  });

  it("refuses a dangling reference, and reads a file the query says how to read", async () => {
    const before = await snapshot(mapId);
    const dangling = ["actors", "relationships"].map((kind) => fixture(`bad/dangling/${kind}.csv`));
    const r = await upload(mapId, dangling);
    expect(r.status).toBe(400);
    expect(r.body.issues).toEqual([
      expect.objectContaining({ field: "relationships.csv, row 3, column to", code: "dangling_reference" }),
    ]);
    expect(await snapshot(mapId)).toEqual(before);

    const latin = await upload(mapId, [fixture("bad/latin1.csv")], "?encoding=latin1&entity=actors&dryRun=true");
    expect(latin.status).toBe(200);
    expect(latin.body.changes.actors).toEqual({ created: 2, updated: 0 });
    const semicolons = await upload(mapId, [fixture("bad/semicolon.csv")], "?delimiter=;&dryRun=true");
    expect(semicolons.status).toBe(200);
    expect(semicolons.body.counts.actors).toBe(1);
  });

  it("answers 400 naming the query field, the body or the format that does not fit", async () => {
    const bad = await upload(mapId, [csvZip()], "?format=wizard&dryRun=maybe");
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { field: string }) => i.field).sort()).toEqual(["query.dryRun", "query.format"]);
    const jsonAsCsv = await call(app, "POST", `/api/maps/${mapId}/import?format=csv`, { actors: [] });
    expect(jsonAsCsv.status).toBe(400);
    expect(jsonAsCsv.body.message).toContain("multipart/form-data");
    const empty = await app.inject({ method: "POST", url: `/api/maps/${mapId}/import`, headers: adminHeaders(app) });
    expect(empty.statusCode).toBe(400);
    const wrongField = await app.inject({
      method: "POST",
      url: `/api/maps/${mapId}/import`,
      ...withAdmin(multipart([csvZip()], "upload")),
    });
    expect(wrongField.statusCode).toBe(400);
    expect(JSON.parse(wrongField.body).message).toContain("field 'file'");
    const cutShort = await app.inject({
      method: "POST",
      url: `/api/maps/${mapId}/import`,
      payload: '--b\r\nContent-Disposition: form-data; name="file"; filename="actors.csv"\r\n\r\nid,name,type\na,A,sch',
      headers: { ...adminHeaders(app), "content-type": "multipart/form-data; boundary=b" },
    });
    expect(cutShort.statusCode).toBe(400);
    expect(JSON.parse(cutShort.body).message).toBe("The upload ends in the middle of actors.csv");
    const csvBody = await app.inject({
      method: "POST",
      url: `/api/maps/${mapId}/import`,
      payload: "id,name,type\n",
      headers: { ...adminHeaders(app), "content-type": "text/csv" },
    });
    expect(csvBody.statusCode).toBe(415);
    const unknownFormat = await upload(mapId, [text("page.html", "<html><body>A web page</body></html>")]);
    expect(unknownFormat.status).toBe(400);
    expect(unknownFormat.body.issues[0].code).toBe("unknown_format");
    expect((await upload("no-such-map", [csvZip()])).status).toBe(404);
  });
});

describe("import jobs", () => {
  it("runs an upload as a job when asked, and the map has the data once it is done", async () => {
    const mapId = await newMap(app, "job");
    const r = await upload(mapId, [csvZip()], "?async=true");
    expect(r.status).toBe(202);
    expect(r.body).toEqual({
      jobId: expect.any(String),
      status: "running",
      href: `/api/maps/${mapId}/imports/${r.body.jobId}`,
    });
    const job = await untilFinished(mapId, r.body.jobId);
    expect(job.status).toBe(200);
    expect(job.body).toMatchObject({ id: r.body.jobId, mapId, status: "done", progress: { phase: "done" } });
    expect(job.body.result.counts).toEqual(EXPECTED_COUNTS);
    expect(job.body.finishedAt).toEqual(expect.any(String));
    expect(await exported(mapId)).toEqual(reference);

    expect((await call(app, "GET", `/api/maps/${mapId}/imports/${randomUUID()}`)).status).toBe(404);
    const other = await newMap(app, "other");
    expect((await call(app, "GET", `/api/maps/${other}/imports/${r.body.jobId}`)).status).toBe(404);
  });

  it("runs large uploads as jobs by itself", async () => {
    const mapId = await newMap(app, "large");
    const gexf = readFileSync(new URL("graph/gephi.gexf", FIXTURES), "utf8");
    // A comment pads the file past the threshold without changing the graph.
    const padded = gexf.replace("<graph", `<!-- ${"x".repeat(ASYNC_UPLOAD_BYTES)} -->\n  <graph`);
    const r = await upload(mapId, [text("large.gexf", padded)]);
    expect(r.status).toBe(202);
    const job = await untilFinished(mapId, r.body.jobId);
    expect(job.body.status).toBe("done");
    expect(job.body.result.counts.actors).toBe(14);
    expect(job.body.progress.phase).toBe("done");
    expectCarried(await exported(mapId), GRAPH);
  });

  it("runs a JSON bundle as a job when asked", async () => {
    const mapId = await newMap(app, "json-job");
    const r = await call(app, "POST", `/api/maps/${mapId}/import?async=true`, expected);
    expect(r.status).toBe(202);
    const job = await untilFinished(mapId, r.body.jobId);
    expect(job.body).toMatchObject({ status: "done", result: EXPECTED_COUNTS });
    expect(await exported(mapId)).toEqual(reference);
  });

  it("shows a refused job's errors, as its request would have had them", async () => {
    const mapId = await newMap(app, "job-failed");
    const r = await upload(mapId, [fixture("bad/malformed.csv")], "?async=true");
    expect(r.status).toBe(202);
    const job = await untilFinished(mapId, r.body.jobId);
    expect(job.body.status).toBe("failed");
    expect(job.body.error).toMatchObject({
      statusCode: 400,
      issues: [{ file: "malformed.csv", row: 2, code: "malformed" }],
    });
    expect((await call(app, "GET", `/api/maps/${mapId}`)).body.counts.actors).toBe(0);
  });
});

describe("the job registry", () => {
  const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  /** A finished job shows once its end is recorded in the database. */
  const finished = async (jobs: ImportJobs<number, string>, id: string) => {
    for (let i = 0; i < 250 && (await jobs.get("m", id))?.status === "running"; i++) await settle(20);
  };

  it("reports progress, and a finished job stays readable from the database once memory forgets it", async () => {
    const jobs = new ImportJobs<number, string>({
      repository: app.store.importJobs,
      describeError: (err) => (err as Error).message,
      describeInterruption: (written, items) => `interrupted at ${written} of ${items}`,
      keepFinishedMs: 100,
      maxFinished: 2,
    });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = await jobs.start("m", async (report) => {
      report({ phase: "write", done: 3, total: 10 });
      await gate;
      return 42;
    });
    await settle(5);
    expect(await jobs.get("m", slow.id)).toMatchObject({
      status: "running",
      progress: { phase: "write", done: 3, total: 10 },
    });
    expect(await jobs.get("other-map", slow.id)).toBeUndefined();
    release();
    await finished(jobs, slow.id);
    expect(await jobs.get("m", slow.id)).toMatchObject({
      status: "done",
      result: 42,
      progress: { phase: "done", done: 10 },
    });

    const failed = await jobs.start("m", async () => {
      throw new Error("boom");
    });
    const third = await jobs.start("m", async () => 3);
    await finished(jobs, failed.id);
    await finished(jobs, third.id);
    expect(await jobs.get("m", failed.id)).toMatchObject({ status: "failed", error: "boom" });
    expect((await jobs.get("m", third.id))?.status).toBe("done");
    // Three finished, two kept in memory: the oldest is read from the database, which keeps finished jobs a week.
    expect(await jobs.get("m", slow.id)).toMatchObject({ status: "done", result: 42 });
    await settle(150);
    expect(await jobs.get("m", third.id)).toMatchObject({ status: "done", result: 3 });
    await jobs.close();
  });
});

describe("exports", () => {
  let mapId: string;
  beforeAll(async () => {
    mapId = await newMap(app, "export");
    expect((await call(app, "POST", `/api/maps/${mapId}/import`, expected)).status).toBe(200);
  });

  async function download(query: string) {
    const r = await app.inject({ method: "GET", url: `/api/maps/${mapId}/export${query}`, headers: adminHeaders(app) });
    expect(r.statusCode).toBe(200);
    return { type: r.headers["content-type"], disposition: r.headers["content-disposition"], body: r.rawPayload };
  }

  it("sends the JSON bundle by default, and it round-trips losslessly as an uploaded file", async () => {
    const file = await download("?format=json");
    expect(file.type).toMatch(/^application\/json/);
    expect(file.disposition).toBe(`attachment; filename="${mapId}.json"`);
    expect(JSON.parse(file.body.toString())).toEqual(reference);
    const copy = await newMap(app, "json-copy");
    expect((await upload(copy, [{ name: "map.json", data: file.body }])).status).toBe(200);
    expect(await exported(copy)).toEqual(reference);
  });

  it("sends a CSV zip that imports back to the same map", async () => {
    const file = await download("?format=csv");
    expect(file.type).toBe("application/zip");
    expect(file.disposition).toBe(`attachment; filename="${mapId}-csv.zip"`);
    const copy = await newMap(app, "csv-copy");
    const r = await upload(copy, [{ name: "export.zip", data: file.body }]);
    expect(r.status).toBe(200);
    expect(await exported(copy)).toEqual(reference);
  });

  it.each([
    ["gexf", "", "application/gexf+xml; charset=utf-8", ".gexf"],
    ["graphml", "", "application/graphml+xml; charset=utf-8", ".graphml"],
    ["kumu", "", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "-kumu.xlsx"],
    ["kumu", "&kumu=csv", "application/zip", "-kumu.zip"],
    ["kumu", "&kumu=json", "application/json; charset=utf-8", "-kumu.json"],
  ])("sends %s%s that imports back with its actors and ties", async (format, extra, type, suffix) => {
    const file = await download(`?format=${format}${extra}`);
    expect(file.type).toBe(type);
    expect(file.disposition).toBe(`attachment; filename="${mapId}${suffix}"`);
    const copy = await newMap(app, `${format}-copy`);
    const r = await upload(copy, [{ name: `export${suffix}`, data: file.body }], `?format=${format}`);
    expect(r.status).toBe(200);
    expectCarried(await exported(copy), GRAPH);
  });

  it("refuses a Kumu layout without format=kumu, and unknown maps", async () => {
    const r = await call(app, "GET", `/api/maps/${mapId}/export?format=gexf&kumu=csv`);
    expect(r.status).toBe(400);
    expect(r.body.issues).toEqual([{ field: "query.kumu", message: "only with format=kumu" }]);
    expect((await call(app, "GET", `/api/maps/no-such-map/export?format=gexf`)).status).toBe(404);
  });
});

describe("upload limits", () => {
  // This process's upload directories only: other test runs may share the temporary directory.
  const uploadDirs = () =>
    readdirSync(tmpdir()).filter((name) => name.startsWith(`${UPLOAD_DIR_PREFIX}${process.pid}-`));

  it(`answers 413 to a file over ${MAX_UPLOAD_FILE_BYTES / 1024 / 1024} MB as it streams in, and keeps none of it`, async () => {
    const mapId = await newMap(app, "too-large");
    const dirsBefore = uploadDirs();
    const boundary = "----atlas-too-large";
    const chunk = Buffer.alloc(1024 * 1024, "a");
    const chunks = Math.ceil(MAX_UPLOAD_FILE_BYTES / chunk.length) + 1;
    const body = Readable.from(
      (function* () {
        yield Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="actors.csv"\r\n\r\nid,name,type\n`,
        );
        for (let i = 0; i < chunks; i++) yield chunk;
        yield Buffer.from(`\r\n--${boundary}--\r\n`);
      })(),
    );
    const r = await app.inject({
      method: "POST",
      url: `/api/maps/${mapId}/import`,
      payload: body,
      headers: { ...adminHeaders(app), "content-type": `multipart/form-data; boundary=${boundary}` },
    });
    expect(r.statusCode).toBe(413);
    expect(JSON.parse(r.body).message).toBe("actors.csv is over 100 MB, the limit per file");
    expect(uploadDirs()).toEqual(dirsBefore);
    expect((await call(app, "GET", `/api/maps/${mapId}`)).body.counts.actors).toBe(0);
  });

  it(`answers 413 to more than ${MAX_UPLOAD_FILES} files`, async () => {
    const mapId = await newMap(app, "too-many");
    const files = Array.from({ length: MAX_UPLOAD_FILES + 1 }, (_, i) => text(`actors-${i}.csv`, "id,name,type\n"));
    const r = await upload(mapId, files);
    expect(r.status).toBe(413);
    expect(r.body.message).toContain(`At most ${MAX_UPLOAD_FILES} files`);
  });
});

describe("the atlas CLI against the API", () => {
  let api = "";
  let server: App;
  const dir = mkdtempSync(join(tmpdir(), "atlas-cli-api-"));

  beforeAll(async () => {
    server = await buildTestApp();
    await server.listen({ port: 0, host: "127.0.0.1" });
    const address = server.server.address();
    api = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs the CLI as `npx tsx scripts/atlas.ts`, or through the package's bin as `npx atlas`. */
  function atlas(
    args: string[],
    via: "tsx" | "bin" = "tsx",
  ): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(
        "npx",
        [...(via === "tsx" ? ["tsx", "scripts/atlas.ts"] : ["atlas"]), ...args, "--api", api],
        {
          cwd: ROOT.pathname,
          env: {
            ...process.env,
            ATLAS_API: "",
            ATLAS_TOKEN: adminHeaders(server).authorization!.slice("Bearer ".length),
          },
        },
        (err, stdout, stderr) =>
          resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
  }

  it("imports a file, dry runs first, and exports the map", async () => {
    const mapId = await newMap(server, "cli");
    const gexf = new URL("graph/gephi.gexf", FIXTURES).pathname;

    const dry = await atlas(["import", gexf, "--map", mapId, "--dry-run"]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain("Dry run, nothing written. Would import: 0 categories, 14 actors, 23 relationships");
    expect(dry.stdout).toContain("actors: 14 new, 0 updated; relationships: 23 new, 0 updated");
    expect((await call(server, "GET", `/api/maps/${mapId}`)).body.counts.actors).toBe(0);

    const run = await atlas(["import", gexf, "--map", mapId]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Imported: 0 categories, 14 actors, 23 relationships");
    expect((await call(server, "GET", `/api/maps/${mapId}`)).body.counts).toMatchObject({
      actors: 14,
      relationships: 23,
    });

    const out = join(dir, "map.graphml");
    const exportRun = await atlas(["export", "--map", mapId, "--format", "graphml", "--out", out], "bin");
    expect(exportRun.code).toBe(0);
    const graphml = readFileSync(out, "utf8");
    expect(graphml).toContain("<graphml");
    expect(graphml).toContain('<node id="eastside-middle-school">');
  });

  it("follows a large import as a job", async () => {
    const mapId = await newMap(server, "cli-job");
    const gexf = readFileSync(new URL("graph/gephi.gexf", FIXTURES), "utf8");
    const large = join(dir, "large.gexf");
    writeFileSync(large, gexf.replace("<graph", `<!-- ${"x".repeat(ASYNC_UPLOAD_BYTES)} -->\n  <graph`));
    const run = await atlas(["import", large, "--map", mapId, "--format", "gexf"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("Import running as job");
    expect(run.stdout).toContain("Imported: 0 categories, 14 actors, 23 relationships");
    expect((await call(server, "GET", `/api/maps/${mapId}`)).body.counts.relationships).toBe(23);
  });

  it("exits 1 naming the row and column of a refused file", async () => {
    const mapId = await newMap(server, "cli-bad");
    const bad = join(dir, "actors.csv");
    writeFileSync(bad, "id,name,type\nalpha,Alpha,school\nbeta,Beta,alien\n");
    const run = await atlas(["import", bad, "--map", mapId]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Import failed: 400");
    expect(run.stderr).toContain("actors.csv, row 3, column type:");
    expect((await call(server, "GET", `/api/maps/${mapId}`)).body.counts.actors).toBe(0);
  });
});

/** A multipart request's payload and headers, sent as the test app's admin. */
function withAdmin(form: { payload: Buffer; headers: Record<string, string> }) {
  return { payload: form.payload, headers: { ...form.headers, ...adminHeaders(app) } };
}
