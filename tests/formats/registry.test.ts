// The registry: every format has an importer, exports have a type and a name, and uploads are recognised by name and
// content when the caller does not say what they are.
import { Readable } from "node:stream";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import {
  EXPORT_FORMATS,
  exporters,
  FORMATS,
  importers,
  MAX_FILE_BYTES,
  MAX_ZIP_ENTRIES,
  MAX_ZIP_UNCOMPRESSED_BYTES,
  sniffFormat,
} from "../../server/formats";
import { expected, fixture, fixtureDir } from "./helpers";

describe("registry", () => {
  it("has an importer for every format and an exporter for every export format", () => {
    expect(Object.keys(importers).sort()).toEqual([...FORMATS].sort());
    expect(Object.keys(exporters).sort()).toEqual([...EXPORT_FORMATS].sort());
  });

  it("publishes its limits", () => {
    expect([MAX_FILE_BYTES, MAX_ZIP_UNCOMPRESSED_BYTES, MAX_ZIP_ENTRIES]).toEqual([
      100 * 1024 ** 2,
      500 * 1024 ** 2,
      10_000,
    ]);
  });

  it.each([
    ["json", "application/json; charset=utf-8", "riverbend.json"],
    ["csv", "application/zip", "riverbend-csv.zip"],
    ["kumu", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "riverbend-kumu.xlsx"],
    ["gexf", "application/gexf+xml; charset=utf-8", "riverbend.gexf"],
    ["graphml", "application/graphml+xml; charset=utf-8", "riverbend.graphml"],
  ] as const)("exports %s as %s named %s", async (format, contentType, filename) => {
    const file = await exporters[format](expected, { name: "riverbend" });
    expect([file.contentType, file.filename]).toEqual([contentType, filename]);
    expect(file.body.length).toBeGreaterThan(1000);
  });
});

describe("format sniffing", () => {
  it.each([
    ["json", ["expected.json"]],
    ["csv", ["csv/actors.csv", "csv/relationships.csv"]],
    ["kumu", ["kumu/ecosystem.xlsx"]],
    ["kumu", ["kumu/elements.csv", "kumu/connections.csv"]],
    ["kumu", ["kumu/blueprint.json"]],
    ["kumu", ["kumu/backup.json"]],
    ["gexf", ["graph/gephi.gexf"]],
    ["graphml", ["graph/igraph.graphml"]],
    ["360giving", ["360giving/grants.json"]],
    ["360giving", ["360giving/grants.csv"]],
    ["hsds", ["hsds/organizations.json"]],
  ])("recognises %s in %s", async (format, paths) => {
    expect(await sniffFormat(paths.map(fixture))).toBe(format);
  });

  it("recognises the HSDS tabular files, and zips of each format by their entries", async () => {
    expect(await sniffFormat(fixtureDir("hsds/tabular"))).toBe("hsds");
    const zip = (entries: Record<string, string>) => ({
      name: "upload.zip",
      data: Buffer.from(zipSync(Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, strToU8(v)])))),
    });
    expect(await sniffFormat([zip({ "actors.csv": "id", "needs.csv": "id" })])).toBe("csv");
    expect(await sniffFormat([zip({ "x/organizations.csv": "id", "x/services.csv": "id" })])).toBe("hsds");
    expect(await sniffFormat([zip({ "elements.csv": "Label", "connections.csv": "From,To" })])).toBe("kumu");
  });

  it("recognises content without a telling name, and streams by name", async () => {
    const anon = (path: string) => ({ ...fixture(path), name: "upload" });
    expect(await sniffFormat([anon("graph/networkx.gexf")])).toBe("gexf");
    expect(await sniffFormat([anon("graph/gephi.graphml")])).toBe("graphml");
    expect(await sniffFormat([anon("360giving/grants.csv")])).toBe("360giving");
    expect(await sniffFormat([anon("kumu/elements.csv")])).toBe("kumu");
    expect(await sniffFormat([{ name: "actors.csv", data: Readable.from([Buffer.from("id,name,type\n")]) }])).toBe(
      "csv",
    );
  });

  it("gives up on files of different formats", async () => {
    expect(await sniffFormat([fixture("expected.json"), fixture("graph/gephi.gexf")])).toBeUndefined();
  });
});
