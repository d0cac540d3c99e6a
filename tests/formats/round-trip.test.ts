// Export then import gives the map back: whole for JSON and CSV, actors and relationships for Kumu, GEXF and GraphML
// (which carry no needs or offerings).
import { readFileSync } from "node:fs";
import { unitFromText } from "../../server/domain/units";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { generateEcosystem } from "../../server/analysis/synthetic";
import { exporters, importData, importers } from "../../server/formats";
import type { ExportFile, Format } from "../../server/formats";
import { Bundle } from "../../server/schemas/domain";
import type { Bundle as BundleType } from "../../server/schemas/domain";
import { expected, ok } from "./helpers";

const sample: BundleType = Bundle.parse(
  JSON.parse(readFileSync(new URL("../../fixtures/sample-ecosystem.json", import.meta.url), "utf8")).bundle,
);

/** The expected ecosystem plus what only a full export carries: categories, relationship ids and commitments. */
const full: BundleType = Bundle.parse({
  ...expected,
  categories: [
    { id: "community_services", name: "Community services" },
    { id: "community_services/tax-help", name: "Tax help", parent: "community_services" },
  ],
  relationships: expected.relationships.map((r, i) => (i % 2 ? { ...r, id: `${r.from}--${r.type}--${r.to}` } : r)),
  commitments: [
    {
      id: "laptops-for-pine-hollow",
      offeringId: "reboot-tech-refurbishers.offer.laptops",
      needId: "pine-hollow-elementary-school.need.devices",
      amount: 40,
      status: "accepted",
      history: [
        {
          status: "proposed",
          by: "Ana, facilitator",
          at: "2024-02-01T10:00:00.000Z",
          note: "First 40, the rest in spring",
        },
        { status: "accepted", by: "ReBoot", at: "2024-02-03T09:30:00.000Z" },
      ],
    },
  ],
});

// The generator may name units in its own words ("licences"): mapped as an import maps them, so the bundle is valid.
const generated = generateEcosystem({ actors: 400, seed: 11 });
const mapped = <T extends { unit?: string }>(items: T[]) =>
  items.map((i) => ({ ...i, unit: i.unit === undefined ? undefined : (unitFromText(i.unit) ?? "items") }));
const synthetic: BundleType = Bundle.parse({
  ...generated,
  needs: mapped(generated.needs),
  offerings: mapped(generated.offerings),
  commitments: [],
});

const graphPart = (b: BundleType) => ({ actors: b.actors, relationships: b.relationships });

async function roundTrip(format: Format, file: ExportFile): Promise<BundleType> {
  const data = typeof file.body === "string" ? Buffer.from(file.body) : Buffer.from(file.body);
  // Through format sniffing too: what an export writes must be recognised for what it is.
  const sniffed = await importData({ files: [{ name: file.filename, data }] });
  expect(sniffed.report.format).toBe(format);
  return ok(await importers[format]({ files: [{ name: file.filename, data }] }));
}

describe.each([
  ["the fixture ecosystem with categories, ids and commitments", full],
  ["the Riverbend sample (90 actors)", sample],
  ["a synthetic ecosystem (400 actors)", synthetic],
])("round trips of %s", (_what, bundle) => {
  it("JSON bundle: everything", async () => {
    expect(await roundTrip("json", await exporters.json(bundle))).toEqual(bundle);
  });

  it("CSV zip: everything", async () => {
    const file = await exporters.csv(bundle, { name: "riverbend" });
    expect(file).toMatchObject({ contentType: "application/zip", filename: "riverbend-csv.zip" });
    expect(Object.keys(unzipSync(file.body as Uint8Array)).sort()).toEqual([
      "actors.csv",
      "categories.csv",
      "commitments.csv",
      "needs.csv",
      "offerings.csv",
      "relationships.csv",
    ]);
    expect(await roundTrip("csv", file)).toEqual(bundle);
  });

  it.each(["xlsx", "csv", "json"] as const)("Kumu %s: actors and relationships", async (kumu) => {
    const back = await roundTrip("kumu", await exporters.kumu(bundle, { kumu }));
    expect(graphPart(back)).toEqual(
      graphPart({ ...bundle, categories: [], needs: [], offerings: [], commitments: [] }),
    );
  });

  it.each(["gexf", "graphml"] as const)("%s: actors and relationships", async (format) => {
    const back = await roundTrip(format, await exporters[format](bundle));
    const withIds = bundle.relationships.map((r) => ({ ...r, id: r.id ?? `${r.from}--${r.type}--${r.to}` }));
    expect(graphPart(back)).toEqual({ actors: bundle.actors, relationships: withIds });
  });
});

describe("what exports write", () => {
  it("GEXF: a mixed graph with partners_with undirected, as Gephi opens it", async () => {
    const { body, contentType } = await exporters.gexf(expected);
    expect(contentType).toContain("application/gexf+xml");
    const text = String(body);
    expect(text).toContain('<gexf version="1.3" xmlns="http://gexf.net/1.3"');
    expect(text).toContain('defaultedgetype="directed"');
    expect(text.match(/type="undirected"/g)).toHaveLength(
      expected.relationships.filter((r) => r.type === "partners_with").length,
    );
    expect(text).toContain('<attribute id="students" title="students" type="integer"/>');
    expect(text).toContain('<attvalue for="students" value="620"/>');
  });

  it("GraphML: typed keys and directed=false on partners_with", async () => {
    const text = String((await exporters.graphml(expected)).body);
    expect(text).toMatch(/<key id="d\d+" for="node" attr.name="students" attr.type="double"\/>/);
    expect(text).toMatch(/<key id="d\d+" for="edge" attr.name="weight" attr.type="double"\/>/);
    expect(text.match(/directed="false"/g)).toHaveLength(6);
  });

  it("Kumu: Elements and Connections sheets with Kumu's headers", async () => {
    const blueprint = JSON.parse(String((await exporters.kumu(expected, { kumu: "json" })).body));
    expect(blueprint.elements[0]).toMatchObject({
      id: "riverbend-community-foundation",
      label: "Riverbend Community Foundation",
      type: "Funder",
      tags: ["philanthropy", "grants"],
    });
    expect(blueprint.connections[0]).toMatchObject({
      from: "riverbend-community-foundation",
      to: "eastside-middle-school",
      type: "Funds",
      direction: "directed",
      strength: 1,
      amount: 25000,
    });
  });
});
