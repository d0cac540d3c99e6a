// Every format's fixture imports to the ecosystem of fixtures/formats/expected.json, on the fields the format carries.
import { describe, expect, it } from "vitest";
import { importers } from "../../server/formats";
import { ACTOR_FIELDS, expectCarried, expected, fixture, fixtureDir, ok, TIE_FIELDS } from "./helpers";

const GRAPH = { actors: ACTOR_FIELDS, relationships: TIE_FIELDS } as const;

describe("JSON bundle", () => {
  it("imports expected.json as itself", async () => {
    expect(ok(await importers.json({ files: [fixture("expected.json")] }))).toEqual(expected);
  });
});

describe("CSV", () => {
  it("imports the four files to the whole bundle", async () => {
    const bundle = ok(await importers.csv({ files: fixtureDir("csv") }));
    expect(bundle).toEqual(expected);
  });
});

describe("Kumu", () => {
  it.each([
    ["a workbook with IDs", ["kumu/ecosystem.xlsx"]],
    ["two CSV files connected by label", ["kumu/elements.csv", "kumu/connections.csv"]],
    ["a flat JSON blueprint", ["kumu/blueprint.json"]],
    ["a project backup (Export JSON)", ["kumu/backup.json"]],
  ])("imports %s", async (_what, paths) => {
    const bundle = ok(await importers.kumu({ files: paths.map(fixture) }));
    expectCarried(bundle, GRAPH);
  });
});

describe("GEXF and GraphML", () => {
  it.each([
    ["gexf", "graph/gephi.gexf"],
    ["gexf", "graph/networkx.gexf"],
    ["graphml", "graph/gephi.graphml"],
    ["graphml", "graph/networkx.graphml"],
    ["graphml", "graph/igraph.graphml"],
  ] as const)("imports %s written by %s", async (format, path) => {
    const result = await importers[format]({ files: [fixture(path)] });
    expectCarried(ok(result), GRAPH);
    // Tools number their edges; those ids are dropped so the store derives from--type--to.
    expect(result.bundle!.relationships.every((r) => r.id === undefined)).toBe(true);
  });
});

const FUNDED = [...new Set(expected.relationships.filter((r) => r.type === "funds").flatMap((r) => [r.from, r.to]))];

describe("360Giving", () => {
  it.each([
    ["a JSON package", "360giving/grants.json"],
    ["a flat CSV sheet", "360giving/grants.csv"],
  ])("imports %s: funders and recipients as actors, grants as funds ties", async (_what, path) => {
    const result = await importers["360giving"]({ files: [fixture(path)] });
    const bundle = ok(result);
    expectCarried(bundle, {
      byName: true,
      actorIds: FUNDED,
      actors: ["id", "name", "type", "description", "location", "url"],
      relationships: ["from", "to", "type", "amount", "since", "until"],
      relationshipTypes: ["funds"],
    });
    // Grant identifiers with '/' are slugified into relationship ids and reported.
    expect(bundle.relationships.map((r) => r.id)).toContain("360g-rcf-2022-001");
    expect(result.report.issues.some((i) => i.code === "id_changed" && i.message.includes("360G-RCF-2022/001"))).toBe(
      true,
    );
    // Every grant of the fixture is in USD, and each tie keeps it.
    expect(new Set(bundle.relationships.map((r) => r.currency))).toEqual(new Set(["USD"]));
    expect(result.report.issues.find((i) => i.message.startsWith("currency read"))?.message).toBe(
      `currency read: USD (${bundle.relationships.length} grants); each tie keeps it`,
    );
  });
});

describe("HSDS", () => {
  const served = [
    "riverbend-public-library",
    "riverbend-valley-food-bank",
    "mindbridge-counselling",
    "valley-mentoring-partnership",
  ];
  it.each([
    ["nested JSON organizations", ["hsds/organizations.json"]],
    ["the tabular CSV form", "tabular"],
  ])("imports %s: organizations as actors, services as offerings", async (_what, paths) => {
    const files = paths === "tabular" ? fixtureDir("hsds/tabular") : (paths as string[]).map(fixture);
    const bundle = ok(await importers.hsds({ files }));
    expectCarried(bundle, {
      byName: true,
      actorIds: served,
      actors: ["id", "name", "type", "description", "location", "url"],
      offerings: ["actorId", "title", "category"],
    });
    expect(bundle.offerings.every((o) => o.capacity === 1 && o.modality === "in_person" && o.reachKm === 10)).toBe(
      true,
    );
  });
});
