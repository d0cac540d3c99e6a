// The atlas CLI straight to Neo4j (`--neo4j`), run as a child process against the test server: a dry run that writes
// nothing, the import itself, a refused file that leaves the map as it was, and exports that import back; each
// checked through the real store and API, and each printing what the CLI prints through the API for the same file.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../server/app";
import type { Bundle } from "../../server/schemas/domain";
import { seedSample } from "../../server/seed";
import { adminHeaders, buildTestApp, call, newMap, testNeo4j, uniqueId } from "../helpers/app";
import { expected } from "./helpers";

const ROOT = new URL("../../", import.meta.url);
const FIXTURES = new URL("fixtures/formats/", ROOT);
const CLI = new URL("scripts/atlas.ts", ROOT).pathname;
const TSX = new URL("node_modules/.bin/tsx", ROOT).pathname;

let app: App;
let api = "";
const dir = mkdtempSync(join(tmpdir(), "atlas-cli-neo4j-"));

beforeAll(async () => {
  app = await buildTestApp();
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  api = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI straight to the test Neo4j (credentials in NEO4J_USER and NEO4J_PASSWORD), or through the API. */
function atlas(args: string[], via: "neo4j" | "api" = "neo4j"): Promise<Run> {
  const neo4j = testNeo4j();
  return new Promise((resolve) => {
    execFile(
      TSX,
      [CLI, ...args, ...(via === "neo4j" ? ["--neo4j", neo4j.uri] : ["--api", api])],
      {
        cwd: dir,
        env: {
          ...process.env,
          ATLAS_API: "",
          ATLAS_TOKEN: adminHeaders(app).authorization!.slice("Bearer ".length),
          NEO4J_USER: neo4j.user,
          NEO4J_PASSWORD: neo4j.password,
        },
      },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** What must not move when nothing is written: the map's version, its counts and its whole content. */
async function state(mapId: string) {
  const map = await app.store.getMap(mapId);
  return { map, bundle: await app.store.exportBundle(mapId) };
}

/** The four CSV fixtures zipped together, as a user would send them. */
function csvZip(): string {
  const entries = Object.fromEntries(
    ["actors", "relationships", "needs", "offerings"].map((kind) => [
      `riverbend/${kind}.csv`,
      new Uint8Array(readFileSync(new URL(`csv/${kind}.csv`, FIXTURES))),
    ]),
  );
  const path = join(dir, "riverbend-csv.zip");
  writeFileSync(path, zipSync(entries));
  return path;
}

describe("atlas import --neo4j", () => {
  it("dry runs a zip of CSV files without writing, then imports it as the API does", async () => {
    const zip = csvZip();
    const mapId = await newMap(app, "cli-neo4j");
    const before = await state(mapId);

    const dry = await atlas(["import", zip, "--map", mapId, "--dry-run"]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toBe(
      "Dry run, nothing written. Would import: 0 categories, 14 actors, 23 relationships, 4 needs, 6 offerings, " +
        "0 commitments\n" +
        "  actors: 14 new, 0 updated; relationships: 23 new, 0 updated; needs: 4 new, 0 updated; " +
        "offerings: 6 new, 0 updated\n",
    );
    expect(await state(mapId)).toEqual(before);
    expect((await atlas(["import", zip, "--map", mapId, "--dry-run"], "api")).stdout).toBe(dry.stdout);

    const run = await atlas(["import", zip, "--map", mapId]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(
      "Imported: 0 categories, 14 actors, 23 relationships, 4 needs, 6 offerings, 0 commitments\n",
    );

    // The same map as the fixtures' JSON bundle imported through the API.
    const reference = await newMap(app, "cli-neo4j-ref");
    expect((await call(app, "POST", `/api/maps/${reference}/import`, expected)).status).toBe(200);
    expect(await app.store.exportBundle(mapId)).toEqual(await app.store.exportBundle(reference));
    const map = (await call(app, "GET", `/api/maps/${mapId}`)).body;
    expect(map.counts).toMatchObject({ actors: 14, relationships: 23, needs: 4, offerings: 6 });
    expect((await call(app, "GET", `/api/maps/${mapId}/actors/eastside-middle-school`)).body).toMatchObject({
      name: "Eastside Middle School",
      type: "school",
      attributes: { students: 620, free_meals_share: 0.86 },
      location: { lat: 44.9488, lon: -93.0412, region: "Eastside" },
    });

    // Again: every item is now an update, and both modes say so alike.
    const again = await atlas(["import", zip, "--map", mapId, "--dry-run"]);
    expect(again.stdout).toContain("actors: 0 new, 14 updated; relationships: 0 new, 23 updated");
    expect((await atlas(["import", zip, "--map", mapId, "--dry-run"], "api")).stdout).toBe(again.stdout);
  });

  it("imports a Gephi GEXF, guessing its format", async () => {
    const mapId = await newMap(app, "cli-neo4j-gexf");
    const run = await atlas(["import", new URL("graph/gephi.gexf", FIXTURES).pathname, "--map", mapId]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("Imported: 0 categories, 14 actors, 23 relationships, 0 needs, 0 offerings");
    const funds = (await call(app, "GET", `/api/maps/${mapId}/relationships?actorId=riverbend-community-foundation`))
      .body.items;
    expect(funds.find((t: { to: string }) => t.to === "eastside-middle-school")).toMatchObject({
      type: "funds",
      amount: 25000,
      since: "2022-09-01",
    });
  });

  it("exits 1 naming the row and column of a refused file, each issue once, and leaves the map unchanged", async () => {
    const mapId = await newMap(app, "cli-neo4j-bad");
    expect((await call(app, "POST", `/api/maps/${mapId}/import`, expected)).status).toBe(200);
    const before = await state(mapId);
    const bad = join(dir, "actors.csv");
    writeFileSync(bad, "id,name,type\nalpha,Alpha,school\nbeta,Beta,alien\ngamma,Gamma,martian\n");

    const run = await atlas(["import", bad, "--map", mapId]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines.slice(0, 2)).toEqual([
      "Import failed: 400 Bad Request",
      "  The upload has 2 errors; nothing was written.",
    ]);
    expect(lines.slice(2)).toHaveLength(2);
    expect(lines[2]).toMatch(/^ {2}actors\.csv, row 3, column type: .*"school"/);
    expect(lines[3]).toMatch(/^ {2}actors\.csv, row 4, column type: /);
    expect(await state(mapId)).toEqual(before);

    // Through the API: the same lines, and the map still as it was.
    const viaApi = await atlas(["import", bad, "--map", mapId], "api");
    expect(viaApi.code).toBe(1);
    expect(viaApi.stderr).toBe(run.stderr);
    expect(await state(mapId)).toEqual(before);
  });

  it("exits 1 for a map that does not exist, as the API does", async () => {
    const missing = uniqueId("cli-neo4j-none");
    const gexf = new URL("graph/gephi.gexf", FIXTURES).pathname;
    const run = await atlas(["import", gexf, "--map", missing]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`Import failed: 404 Not Found\n  Map '${missing}' not found\n`);
    expect((await atlas(["import", gexf, "--map", missing], "api")).stderr).toBe(run.stderr);
  });
});

describe("atlas --neo4j usage", () => {
  it("exits 1 naming the server it cannot reach, and 2 when given --api too", async () => {
    const gexf = new URL("graph/gephi.gexf", FIXTURES).pathname;
    const run = await atlas(["import", gexf, "--map", "any", "--neo4j", "bolt://127.0.0.1:9"], "api");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("atlas: give --api or --neo4j, not both");
    const away = await new Promise<Run>((resolve) =>
      execFile(TSX, [CLI, "import", gexf, "--map", "any", "--neo4j", "bolt://127.0.0.1:9"], (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      ),
    );
    expect(away.code).toBe(1);
    expect(away.stderr).toMatch(/^atlas: cannot reach Neo4j at bolt:\/\/127\.0\.0\.1:9 as neo4j: /);
  });
});

describe("atlas export --neo4j", () => {
  let source: string;
  let bundle: Bundle;

  beforeAll(async () => {
    source = uniqueId("cli-neo4j-sample");
    await seedSample(app.store, source);
    bundle = await app.store.exportBundle(source);
  });

  it.each(["json", "csv"] as const)("writes %s that imports back to the same map", async (format) => {
    const run = await atlas(["export", "--map", source, "--format", format]);
    expect(run.code, run.stderr).toBe(0);
    const file = join(dir, format === "json" ? `${source}.json` : `${source}-csv.zip`);
    expect(run.stderr).toMatch(new RegExp(`^Wrote ${file.split("/").pop()} \\(\\d+\\.\\d MB\\)\\n$`));
    if (format === "json") {
      expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(
        (await call(app, "GET", `/api/maps/${source}/export`)).body,
      );
    }

    const copy = await newMap(app, `cli-neo4j-${format}`);
    const back = await atlas(["import", file, "--map", copy]);
    expect(back.code, back.stderr).toBe(0);
    expect(await app.store.exportBundle(copy)).toEqual(bundle);
  });

  it("writes the bytes the API sends, to --out or to stdout", async () => {
    const out = join(dir, "sample.graphml");
    expect((await atlas(["export", "--map", source, "--format", "graphml", "--out", out])).code).toBe(0);
    const viaApi = await app.inject({
      method: "GET",
      url: `/api/maps/${source}/export?format=graphml`,
      headers: adminHeaders(app),
    });
    expect(readFileSync(out, "utf8")).toBe(viaApi.body);
    const piped = await atlas(["export", "--map", source, "--format", "graphml", "--out", "-"]);
    expect(piped.stdout).toBe(viaApi.body);
  });

  it("exits 1 for a map that does not exist", async () => {
    const missing = uniqueId("cli-neo4j-none");
    const run = await atlas(["export", "--map", missing, "--format", "json"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`Export failed: 404 Not Found\n  Map '${missing}' not found\n`);
  });
});
