// How each format's vocabulary lands in Atlas: ids, types, coercion, categories, and what the reports say.
import { Readable } from "node:stream";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { exporters, importers } from "../../server/formats";
import type { ImportProgress } from "../../server/formats";
import type { Bundle as BundleType } from "../../server/schemas/domain";
import { expected, ok } from "./helpers";

const file = (name: string, text: string) => ({ name, data: Buffer.from(text) });
const warnings = (result: { report: { issues: { level: string; message: string }[] } }) =>
  result.report.issues.filter((i) => i.level === "warning").map((i) => i.message);

describe("CSV", () => {
  it("coerces cells: numbers, booleans, pipe lists, enums in any case; postcodes stay text", async () => {
    const bundle = ok(
      await importers.csv({
        files: [
          file(
            "actors.csv",
            "id,name,type,tags,attr:students,attr:zip,attr:open,attr:ratio\na,Alpha,Community Group, x | y ||,450,02139,TRUE,0.5\n",
          ),
          file(
            "needs.csv",
            "actorId,category,title,quantity,priority,status\na,Food/Family,Weekend food,3,High,Partially met\n",
          ),
        ],
      }),
    );
    expect(bundle.actors[0]).toMatchObject({
      type: "community_group",
      tags: ["x", "y"],
      attributes: { students: 450, zip: "02139", open: true, ratio: 0.5 },
    });
    expect(bundle.needs[0]).toMatchObject({
      id: "a.need.weekend-food",
      category: "food/family",
      priority: "high",
      status: "partially_met",
    });
  });

  it("slugifies ids that are not URL-safe, consistently in references, and reports each", async () => {
    const result = await importers.csv({
      files: [
        file(
          "actors.csv",
          "id,name,type\nÉcole Saint-Luc,École Saint-Luc,school\necole saint luc,Another,school\nplain,Plain,school\n",
        ),
        file(
          "relationships.csv",
          "from,to,type\nÉcole Saint-Luc,plain,partners_with\necole saint luc,plain,member_of\n",
        ),
      ],
    });
    const bundle = ok(result);
    expect(bundle.actors.map((a) => a.id)).toEqual(["ecole-saint-luc", "ecole-saint-luc-2", "plain"]);
    expect(bundle.relationships.map((r) => r.from)).toEqual(["ecole-saint-luc", "ecole-saint-luc-2"]);
    expect(result.report.issues.filter((i) => i.code === "id_changed")).toMatchObject([
      { row: 2, column: "id", message: "actor id 'École Saint-Luc' is not URL-safe; it becomes 'ecole-saint-luc'" },
      { row: 3, column: "id", message: "actor id 'ecole saint luc' is not URL-safe; it becomes 'ecole-saint-luc-2'" },
    ]);
  });

  it("makes actor ids from names when the id column is missing", async () => {
    const result = await importers.csv({ files: [file("actors.csv", "name,type\nEastside Middle School,school\n")] });
    expect(ok(result).actors[0]!.id).toBe("eastside-middle-school");
    expect(warnings(result)).toContain("1 actors have no id column value; their ids were made from their names");
  });

  it("keeps an address without coordinates as attributes, and says so", async () => {
    const result = await importers.csv({
      files: [file("actors.csv", "id,name,type,address,region\na,A,school,1 Main St,Downtown\n")],
    });
    expect(ok(result).actors[0]).toMatchObject({ attributes: { address: "1 Main St", region: "Downtown" } });
    expect(ok(result).actors[0]!.location).toBeUndefined();
    expect(warnings(result)[0]).toContain("a location needs coordinates");
  });

  it("tells a lone file's entity by its header, and maps other headers", async () => {
    const bundle = ok(
      await importers.csv({
        files: Buffer.from("Source,Target,Kind,Strength\na,b,funds,2\n"),
        options: { columns: { relationships: { Kind: "type", Strength: "weight" } } },
      }),
    );
    expect(bundle.relationships).toEqual([{ from: "a", to: "b", type: "funds", weight: 2 }]);
  });

  it("reads a stream and a zip with a folder and macOS litter, reporting progress", async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `a${i},Actor ${i},school`).join("\n");
    const progress: ImportProgress[] = [];
    const streamed = ok(
      await importers.csv({
        files: [{ name: "actors.csv", data: Readable.from([Buffer.from(`id,name,type\n${rows}\n`)]) }],
        options: { onProgress: (p) => progress.push(p) },
      }),
    );
    expect(streamed.actors).toHaveLength(20_000);
    expect(progress.at(-1)).toMatchObject({ phase: "parse", file: "actors.csv" });
    const zip = zipSync({
      "export/actors.csv": strToU8("id,name,type\na,A,school\nb,B,funder\n"),
      "export/relationships.csv": strToU8("from,to,type\nb,a,funds\n"),
      "__MACOSX/export/._actors.csv": strToU8("junk"),
      "export/README.txt": strToU8("notes"),
    });
    const result = await importers.csv({ files: [{ name: "export.zip", data: Buffer.from(zip) }] });
    expect(ok(result).relationships).toHaveLength(1);
    expect(warnings(result)).toEqual(["export/README.txt in export.zip is not a CSV file and was ignored"]);
  });

  it("lists at most maxIssues issues and counts the rest", async () => {
    const rows = Array.from({ length: 50 }, (_, i) => `a${i},A,nope`).join("\n");
    const result = await importers.csv({
      files: [file("actors.csv", `id,name,type\n${rows}\n`)],
      options: { maxIssues: 10 },
    });
    expect(result.report.issues).toHaveLength(10);
    expect(result.report.omittedIssues).toBe(40);
  });
});

describe("money on ties", () => {
  const actors = file("actors.csv", "id,name,type\nf,Trust,funder\ns,Hill School,school\n");
  it("reads a relationships.csv currency as people write it: gbp and £ are GBP", async () => {
    const ties = "id,from,to,type,amount,currency\nt1,f,s,funds,500,gbp\nt2,s,f,funds,20,£\nt3,f,s,mentors,,\n";
    const bundle = ok(await importers.csv({ files: [actors, file("relationships.csv", ties)] }));
    expect(bundle.relationships.map((r) => [r.id, r.amount, r.currency])).toEqual([
      ["t1", 500, "GBP"],
      ["t2", 20, "GBP"],
      ["t3", undefined, undefined],
    ]);
  });

  it("refuses a currency that is no ISO 4217 code, and a currency without an amount, naming the column", async () => {
    const ties = "id,from,to,type,amount,currency\nt1,f,s,funds,500,laptops\nt2,f,s,funds,,EUR\n";
    const result = await importers.csv({ files: [actors, file("relationships.csv", ties)] });
    expect(result.bundle).toBeNull();
    const errors = result.report.issues.filter((i) => i.level === "error");
    expect(errors.map((e) => [e.row, e.column])).toEqual([
      [2, "currency"],
      [3, "currency"],
    ]);
    expect(errors[0]!.message).toContain("ISO 4217");
    expect(errors[1]!.message).toContain("a currency needs an amount");
  });

  // One tie in GBP, one in EUR, one without money: each format that carries currency gives them back as they were.
  const money: BundleType = {
    ...expected,
    relationships: [
      {
        id: "g1",
        from: expected.actors[0]!.id,
        to: expected.actors[1]!.id,
        type: "funds",
        weight: 1,
        amount: 500,
        currency: "GBP",
      },
      {
        id: "g2",
        from: expected.actors[0]!.id,
        to: expected.actors[2]!.id,
        type: "funds",
        weight: 1,
        amount: 70,
        currency: "EUR",
      },
      { id: "g3", from: expected.actors[1]!.id, to: expected.actors[2]!.id, type: "partners_with", weight: 2 },
    ],
  };
  const tiesOf = (b: BundleType) => b.relationships.map((r) => [r.id, r.amount, r.currency]);
  const want = [
    ["g1", 500, "GBP"],
    ["g2", 70, "EUR"],
    ["g3", undefined, undefined],
  ];
  it("goes out and back in with its amount through the JSON bundle, CSV and Kumu", async () => {
    const json = await exporters.json(money);
    expect(tiesOf(ok(await importers.json({ files: [file("map.json", String(json.body))] })))).toEqual(want);
    const csv = await exporters.csv(money, { name: "money" });
    expect(
      tiesOf(
        ok(await importers.csv({ files: [{ name: "money-csv.zip", data: Buffer.from(csv.body as Uint8Array) }] })),
      ),
    ).toEqual(want);
    const kumu = await exporters.kumu(money, { kumu: "json" });
    expect(JSON.parse(String(kumu.body)).connections[0]).toMatchObject({ amount: 500, currency: "GBP" });
    expect(tiesOf(ok(await importers.kumu({ files: [file("blueprint.json", String(kumu.body))] })))).toEqual(want);
  });
});

describe("Kumu", () => {
  it("maps types through synonyms, keeps the Kumu type, and writes it back", async () => {
    const result = await importers.kumu({
      files: [
        file(
          "elements.csv",
          "Label,Type\nRiverbend Fund,Foundation\nNorth School,school\nWidget Co,Widget maker\nLone,\n",
        ),
        file(
          "connections.csv",
          "From,To,Type,Strength\nRiverbend Fund,North School|Widget Co,Grant,strong\nNorth School,Widget Co,Friendship,\n",
        ),
      ],
    });
    const bundle = ok(result);
    expect(bundle.actors.map((a) => [a.id, a.type, a.attributes])).toEqual([
      ["riverbend-fund", "funder", { kumu_type: "Foundation" }],
      ["north-school", "school", {}],
      ["widget-co", "other", { kumu_type: "Widget maker" }],
      ["lone", "other", {}],
    ]);
    expect(bundle.relationships.map((r) => [r.from, r.to, r.type, r.weight])).toEqual([
      ["riverbend-fund", "north-school", "funds", 3],
      ["riverbend-fund", "widget-co", "funds", 3],
      ["north-school", "widget-co", "partners_with", 1],
    ]);
    expect(warnings(result)).toContain(
      "connection type 'Friendship' is no relationship type; 1 connections become partners_with (relationships carry no attributes, so the Kumu type is lost)",
    );
    const blueprint = JSON.parse(String((await exporters.kumu(bundle, { kumu: "json" })).body));
    expect(blueprint.elements.map((e: { type: string }) => e.type)).toEqual([
      "Foundation",
      "School",
      "Widget maker",
      "Other",
    ]);
  });

  it("creates elements for connection ends it does not know, as Kumu does", async () => {
    const result = await importers.kumu({ files: [file("connections.csv", "From,To\nAlpha,Beta\n")] });
    expect(ok(result).actors.map((a) => a.name)).toEqual(["Alpha", "Beta"]);
    expect(warnings(result).some((w) => w.includes("elements were created for them"))).toBe(true);
  });

  it("refuses a connection by a label two elements share", async () => {
    const result = await importers.kumu({
      files: [
        file("elements.csv", "Label,Type\nLibrary,Library\nLibrary,Library\n"),
        file("connections.csv", "From,To\nLibrary,Library\n"),
      ],
    });
    expect(result.bundle).toBeNull();
    expect(result.report.issues[0]).toMatchObject({
      code: "invalid_value",
      file: "connections.csv",
      row: 2,
      column: "From",
    });
  });
});

describe("GEXF and GraphML", () => {
  it("maps node types through synonyms and unknown edge types onto partners_with, saying so", async () => {
    const graphml = `<?xml version="1.0"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="t" for="node" attr.name="Type" attr.type="string"/>
  <key id="k" for="edge" attr.name="relationship" attr.type="string"/>
  <key id="c" for="edge" attr.name="colour_note" attr.type="string"/>
  <graph edgedefault="undirected">
    <node id="Foundation One"><data key="t">Foundation</data></node>
    <node id="b"><data key="t">Spaceship</data></node>
    <node id="c"/>
    <edge source="Foundation One" target="b"><data key="k">grant</data></edge>
    <edge source="b" target="c"><data key="k">rivalry</data><data key="c">red</data></edge>
  </graph>
</graphml>`;
    const result = await importers.graphml({ files: [file("g.graphml", graphml)] });
    const bundle = ok(result);
    expect(bundle.actors.map((a) => [a.id, a.name, a.type, a.attributes])).toEqual([
      ["foundation-one", "Foundation One", "funder", { original_type: "Foundation" }],
      ["b", "b", "other", { original_type: "Spaceship" }],
      ["c", "c", "other", {}],
    ]);
    expect(bundle.relationships.map((r) => [r.from, r.type, r.to])).toEqual([
      ["foundation-one", "funds", "b"],
      ["b", "partners_with", "c"],
    ]);
    expect(warnings(result)).toEqual(
      expect.arrayContaining([
        "edge type 'rivalry' is no relationship type; 1 edges become partners_with (relationships carry no attributes, so the original is lost)",
        "edge attribute 'colour_note' has no place in a map and was left out",
        "1 nodes have no type attribute; they are actors of type 'other'",
      ]),
    );
  });
});

describe("360Giving", () => {
  const header =
    "Identifier,Title,Description,Currency,Amount Awarded,Award Date,Recipient Org:Identifier,Recipient Org:Name,Funding Org:Identifier,Funding Org:Name,Funding Org:1:Identifier,Funding Org:1:Name\n";
  it("gives co-funded grants one tie per funder in the grant's currency, skips grants to individuals", async () => {
    const json = {
      grants: [
        {
          id: "G-1",
          title: "t",
          description: "d",
          currency: "GBP",
          amountAwarded: 500,
          awardDate: "2024-03-01",
          recipientOrganization: [{ id: "GB-CHC-1", name: "Hill Primary School" }],
          fundingOrganization: [
            { id: "GB-CHC-9", name: "Trust A" },
            { id: "GB-CHC-8", name: "Trust B" },
          ],
        },
        {
          id: "G-2",
          title: "t",
          description: "d",
          currency: "USD",
          amountAwarded: 20,
          awardDate: "2024-03-02T10:00:00Z",
          recipientIndividual: { id: "ind-1", name: "A person" },
          fundingOrganization: [{ id: "GB-CHC-9", name: "Trust A" }],
        },
        {
          id: "G-3",
          title: "t",
          description: "d",
          currency: "EUR",
          amountAwarded: 70,
          awardDate: "2024-03-03",
          recipientOrganization: [{ id: "GB-CHC-9", name: "Trust A" }],
          fundingOrganization: [{ id: "GB-CHC-8", name: "Trust B" }],
        },
      ],
    };
    const result = await importers["360giving"]({ files: [file("grants.json", JSON.stringify(json))] });
    const bundle = ok(result);
    expect(bundle.actors.map((a) => [a.id, a.type])).toEqual([
      ["GB-CHC-9", "funder"],
      ["GB-CHC-8", "funder"],
      ["GB-CHC-1", "school"],
    ]);
    // Both funders of G-1 give GBP 500 each; G-3 is EUR 70: amounts keep their grant's currency, never converted.
    expect(bundle.relationships.map((r) => [r.id, r.from, r.to, r.amount, r.currency, r.since])).toEqual([
      ["G-1", "GB-CHC-9", "GB-CHC-1", 500, "GBP", "2024-03-01"],
      ["G-1-2", "GB-CHC-8", "GB-CHC-1", 500, "GBP", "2024-03-01"],
      ["G-3", "GB-CHC-8", "GB-CHC-9", 70, "EUR", "2024-03-03"],
    ]);
    expect(warnings(result)).toEqual([
      "1 grants go to individuals rather than organisations and were skipped",
      "currencies read: GBP (1 grants), EUR (1 grants); each tie keeps its grant's currency and amounts are not converted",
    ]);
  });

  it("keeps the amount of a grant in a currency the schema allows but this platform does not know, with a warning", async () => {
    const json = {
      grants: [
        {
          id: "G-old",
          title: "t",
          description: "d",
          // Andorran peseta: in the 360Giving schema's code list, withdrawn from ISO 4217 in 2002.
          currency: "ADP",
          amountAwarded: 900,
          awardDate: "2001-05-01",
          recipientOrganization: [{ id: "AD-1", name: "Escola Andorrana" }],
          fundingOrganization: [{ id: "AD-9", name: "Fundacio" }],
        },
      ],
    };
    const result = await importers["360giving"]({ files: [file("grants.json", JSON.stringify(json))] });
    const bundle = ok(result);
    expect(bundle.relationships.map((r) => [r.id, r.amount, r.currency])).toEqual([["G-old", 900, undefined]]);
    expect(warnings(result)).toContain(
      "currency ADP is not a current ISO 4217 code: the amount is kept without a currency",
    );
  });

  it("reads indexed column titles of the flat form", async () => {
    const sheet = header + "G-1,t,d,GBP,100,2024-01-01,R-1,Hill Library,F-1,Trust A,F-2,Trust B\n";
    const bundle = ok(await importers["360giving"]({ files: [file("grants.csv", sheet)] }));
    expect(bundle.relationships.map((r) => [r.from, r.amount, r.currency])).toEqual([
      ["F-1", 100, "GBP"],
      ["F-2", 100, "GBP"],
    ]);
    expect(bundle.actors.find((a) => a.id === "R-1")?.type).toBe("library");
  });
});

describe("HSDS", () => {
  const org = (services: unknown[], locations: unknown[] = []) => [
    {
      id: "8b0f6a6e-1c1d-4f4f-9a52-2f7a4f0a0001",
      name: "Northside Help",
      description: "Help desk",
      services,
      locations,
    },
  ];
  const service = (name: string, extra: Record<string, unknown> = {}) => ({
    id: `svc-${name.replace(/\W/g, "")}`,
    name,
    status: "active",
    ...extra,
  });

  it("creates a community_services category for what the keyword table does not know", async () => {
    const result = await importers.hsds({
      files: [file("orgs.json", JSON.stringify(org([service("Free tax preparation"), service("Homework club")])))],
    });
    const bundle = ok(result);
    expect(bundle.offerings.map((o) => [o.title, o.category])).toEqual([
      ["Free tax preparation", "community_services/free-tax-preparation"],
      ["Homework club", "tutoring"],
    ]);
    expect(bundle.categories).toEqual([
      { id: "community_services", name: "Community services" },
      { id: "community_services/free-tax-preparation", name: "Free tax preparation", parent: "community_services" },
    ]);
    // The service ids are not UUIDs: usable, but the report says HSDS wants them.
    expect(
      result.report.issues.some((i) => i.level === "warning" && i.code === "schema" && i.message.includes("uuid")),
    ).toBe(true);
  });

  it("makes services at virtual locations remote and skips inactive ones", async () => {
    const virtual = { id: "8b0f6a6e-1c1d-4f4f-9a52-2f7a4f0a0002", location_type: "virtual", name: "Online" };
    const services = [
      service("Online counselling", {
        service_at_locations: [{ id: "8b0f6a6e-1c1d-4f4f-9a52-2f7a4f0a0003", location_id: virtual.id }],
      }),
      service("Closed pantry", { status: "defunct" }),
    ];
    const result = await importers.hsds({ files: [file("orgs.json", JSON.stringify(org(services, [virtual])))] });
    expect(ok(result).offerings).toMatchObject([
      { title: "Online counselling", category: "health/mental", modality: "remote" },
    ]);
    expect(ok(result).offerings[0]!.reachKm).toBeUndefined();
    expect(warnings(result)).toContain("1 services are not active and were skipped");
  });

  it("falls back to the nearest category the map has", async () => {
    const result = await importers.hsds({
      files: [file("orgs.json", JSON.stringify(org([service("Food pantry")])))],
      options: { known: { categories: ["food", "health"] } },
    });
    expect(ok(result).offerings[0]!.category).toBe("food");
  });
});

describe("expected.json", () => {
  it("describes the small ecosystem the fixtures share", () => {
    expect([
      expected.actors.length,
      expected.relationships.length,
      expected.needs.length,
      expected.offerings.length,
    ]).toEqual([14, 23, 4, 6]);
  });
});
