// Every bad input gives a clear error naming the file, row, column and reason, and no bundle at all.
import { Readable } from "node:stream";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { importData, importers, MAX_FILE_BYTES, MAX_ZIP_ENTRIES } from "../../server/formats";
import { failed, fixture, fixtureDir, lines } from "./helpers";

const csvFile = (name: string, text: string) => ({ name, data: Buffer.from(text) });

describe("malformed CSV", () => {
  it("names the line where the unclosed quote opens", async () => {
    const [error] = failed(await importers.csv({ files: [fixture("bad/malformed.csv")] }));
    expect(error).toMatchObject({ code: "malformed", file: "malformed.csv", row: 2 });
    expect(error!.message).toMatch(/quoted field .* line 2 is never closed/);
  });

  it("names the line of a stray quote inside a field", async () => {
    const [error] = failed(
      await importers.csv({ files: [csvFile("actors.csv", 'id,name,type\na,"Alpha" School,school\n')] }),
    );
    expect(error).toMatchObject({ code: "malformed", row: 2 });
    expect(error!.message).toMatch(/quotes inside a quoted field must be doubled/);
  });

  it("reports a row with too many fields, and every other bad row with it", async () => {
    const text =
      "id,name,type,lat,lon\na,Alpha,school,1,2,3\nb,Beta,alien,,\nc,Gamma,school,95,2\nd,Delta,school,north,2\n";
    const result = await importers.csv({ files: [csvFile("actors.csv", text)] });
    const errors = failed(result);
    expect(errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, undefined, "malformed"],
      [3, "type", "invalid_value"],
    ]);
    expect(errors[0]!.message).toBe("6 fields where the header has 5");
    expect(errors[1]!.message).toMatch(/expected one of "school"/);
    // Coordinates are optional: bad ones are left out with a warning rather than refusing the actor.
    const warnings = result.report.issues.filter((i) => i.level === "warning");
    expect(warnings.map((w) => [w.row, w.column, w.code])).toEqual([
      [4, "lat", "invalid_value"],
      [5, "lat", "invalid_value"],
    ]);
    expect(warnings[0]!.message).toMatch(/^'95': .*<=90; the location was left out$/);
    expect(warnings[1]!.message).toBe("'north' is not a number; the location was left out");
  });

  it("counts lines through quoted line breaks, blank lines and CRLF endings", async () => {
    const text =
      'id,name,type,description\r\na,A,school,"two\r\nlines"\r\n\r\nb,B,alien,\r\nc,C,school,"x\n\ny"\r\nd,D,,\r\n';
    const errors = failed(await importers.csv({ files: [csvFile("actors.csv", text)] }));
    expect(errors.map((e) => [e.row, e.column])).toEqual([
      [5, "type"],
      [9, "type"],
    ]);
  });

  it("names a required cell that is empty", async () => {
    const errors = failed(await importers.csv({ files: [csvFile("actors.csv", "id,name,type\na,,school\n")] }));
    expect(errors[0]).toMatchObject({ row: 2, column: "name", message: "is required but empty or missing" });
  });
});

describe("wrong delimiter", () => {
  it("says the file is separated by semicolons", async () => {
    const [error] = failed(await importers.csv({ files: [fixture("bad/semicolon.csv")] }));
    expect(error).toMatchObject({ code: "delimiter", file: "semicolon.csv", row: 1 });
    expect(error!.message).toContain("separated by ';', not ','");
  });

  it("reads it when told the delimiter", async () => {
    const result = await importers.csv({ files: [fixture("bad/semicolon.csv")], options: { delimiter: ";" } });
    expect(result.bundle?.actors[0]?.name).toBe("Riverbend Public Library");
  });

  it("says so for tab-separated Kumu sheets too", async () => {
    const [error] = failed(await importers.kumu({ files: [csvFile("elements.csv", "Label\tType\nA\tSchool\n")] }));
    expect(error).toMatchObject({ code: "delimiter", row: 1 });
    expect(error!.message).toContain("separated by tabs");
  });
});

describe("encoding", () => {
  it("detects Latin-1 and names the byte and line", async () => {
    const [error] = failed(await importers.csv({ files: [fixture("bad/latin1.csv")] }));
    expect(error).toMatchObject({ code: "encoding", file: "latin1.csv", row: 2 });
    expect(error!.message).toContain("byte 0xE8 on line 2");
    expect(error!.message).toContain("Latin-1");
  });

  it("reads Latin-1 when asked to", async () => {
    const result = await importers.csv({ files: [fixture("bad/latin1.csv")], options: { encoding: "latin1" } });
    expect(result.bundle?.actors.map((a) => a.name)).toEqual(["Bibliothèque de Riverbend", "Café des élèves"]);
  });

  it("finds a bad byte far into a streamed file, across chunk boundaries", async () => {
    const good = "id,name,type\n" + Array.from({ length: 50_000 }, (_, i) => `a${i},Actor ${i} ü,school\n`).join("");
    const data = Buffer.concat([Buffer.from(good), Buffer.from([0x62, 0xe9, 0x2c]), Buffer.from("school\n")]);
    const stream = Readable.from(
      (function* () {
        for (let i = 0; i < data.length; i += 1000) yield data.subarray(i, i + 1000);
      })(),
    );
    const [error] = failed(
      await importers.csv({ files: [{ name: "actors.csv", data: stream }], options: { entity: "actors" } }),
    );
    expect(error).toMatchObject({ code: "encoding", row: 50_002 });
  });

  it("accepts UTF-8 with a BOM", async () => {
    const result = await importers.csv({ files: [csvFile("actors.csv", "\uFEFFid,name,type\ncafe,Café,business\n")] });
    expect(result.bundle?.actors[0]).toMatchObject({ id: "cafe", name: "Café" });
  });

  it("refuses UTF-16 and binary files", async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("id,name\n", "utf16le")]);
    expect(failed(await importers.csv({ files: [{ name: "actors.csv", data: utf16 }] }))[0]!.message).toContain(
      "UTF-16",
    );
  });
});

describe("columns", () => {
  it("lists unknown columns and how to keep them", async () => {
    const [error] = failed(await importers.csv({ files: [fixture("bad/unknown-columns.csv")] }));
    expect(error).toMatchObject({ code: "unknown_column", row: 1, column: "Organisation Size, Founded In" });
    expect(error!.message).toContain("'Organisation Size', 'Founded In'");
    expect(error!.message).toContain("attr:");
  });

  it("imports them once mapped", async () => {
    const result = await importers.csv({
      files: [fixture("bad/unknown-columns.csv")],
      options: { columns: { actors: { "Organisation Size": "attr:size", "Founded In": "attr:founded" } } },
    });
    expect(result.bundle?.actors[0]?.attributes).toEqual({ size: "large", founded: 1901 });
  });

  it("names missing required columns", async () => {
    const [error] = failed(await importers.csv({ files: [csvFile("relationships.csv", "from,to\na,b\n")] }));
    expect(error).toMatchObject({ code: "missing_column" });
    expect(error!.message).toContain("type");
  });
});

describe("ids and references", () => {
  it("names both rows of a duplicate id", async () => {
    const [error] = failed(await importers.csv({ files: [fixture("bad/duplicate-ids.csv")] }));
    expect(error).toMatchObject({ code: "duplicate_id", file: "duplicate-ids.csv", row: 4, column: "id" });
    expect(error!.message).toBe(
      "duplicate actor id 'library' in row 2 of duplicate-ids.csv and row 4 of duplicate-ids.csv",
    );
  });

  it("names a relationship to an actor the files do not have", async () => {
    const errors = failed(await importers.csv({ files: fixtureDir("bad/dangling") }));
    expect(lines(errors)).toBe(
      "error dangling_reference relationships.csv:3 [to] to 'food-bank' names no actor in this import",
    );
  });

  it("accepts it when the map has the actor", async () => {
    const result = await importers.csv({
      files: fixtureDir("bad/dangling"),
      options: { known: { actors: ["food-bank"] } },
    });
    expect(result.bundle?.relationships).toHaveLength(2);
  });

  it("names needs of unknown actors and ties of an actor to itself", async () => {
    const errors = failed(
      await importers.csv({
        files: [
          csvFile("actors.csv", "id,name,type\na,A,school\n"),
          csvFile("relationships.csv", "from,to,type\na,a,partners_with\n"),
          csvFile("needs.csv", "actorId,category,title,quantity,priority\nzz,food,Food,3,high\n"),
        ],
      }),
    );
    expect(lines(errors)).toBe(
      [
        "error invalid_value relationships.csv:2 [to] an actor cannot be tied to itself ('a')",
        "error dangling_reference needs.csv:2 [actorId] actorId 'zz' names no actor in this import",
      ].join("\n"),
    );
  });

  it("names a duplicate id in a JSON bundle by its path", async () => {
    const bundle = {
      actors: [
        { id: "a", name: "A", type: "school" },
        { id: "a", name: "B", type: "school" },
      ],
    };
    const errors = failed(await importers.json({ files: [csvFile("b.json", JSON.stringify(bundle))] }));
    expect(errors[0]).toMatchObject({ code: "duplicate_id", field: "actors[1].id" });
  });
});

/** A zip whose single entry claims `declared` bytes; the central directory and local header are both rewritten. */
function lyingZip(name: string, content: Uint8Array, declared: number): Uint8Array {
  const zip = zipSync({ [name]: content });
  const view = Buffer.from(zip);
  view.writeUInt32LE(declared, 22); // local header: uncompressed size
  const cd = view.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  view.writeUInt32LE(declared, cd + 24); // central directory: uncompressed size
  return view;
}

describe("zip bombs and oversized files", () => {
  it("refuses an entry that declares more than the limit, before inflating it", async () => {
    // 200 MB of zeros deflate to ~200 kB: a classic bomb, honest about its size.
    const bomb = zipSync({ "actors.csv": new Uint8Array(200 * 1024 * 1024) }, { level: 1 });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const [error] = failed(await importers.csv({ files: [{ name: "map.zip", data: Buffer.from(bomb) }] }));
    expect(error).toMatchObject({ code: "zip_bomb", file: "map.zip" });
    expect(error!.message).toContain("declares 200.0 MB uncompressed; the limit is 100.0 MB per file");
  });

  it("stops an entry that inflates beyond what it declares", async () => {
    const bomb = lyingZip("actors.csv", new Uint8Array(50 * 1024 * 1024), 1000);
    const [error] = failed(await importers.csv({ files: [{ name: "map.zip", data: Buffer.from(bomb) }] }));
    expect(error).toMatchObject({ code: "zip_bomb" });
    expect(error!.message).toContain("inflates beyond the 1000 bytes it declares");
  });

  it("refuses more entries than allowed", async () => {
    const entries = Object.fromEntries(
      Array.from({ length: MAX_ZIP_ENTRIES + 1 }, (_, i) => [`f${i}.txt`, strToU8("x")]),
    );
    const [error] = failed(await importers.csv({ files: [{ name: "many.zip", data: Buffer.from(zipSync(entries)) }] }));
    expect(error!.message).toContain(`${MAX_ZIP_ENTRIES + 1} entries; at most ${MAX_ZIP_ENTRIES}`);
  });

  it("refuses entries whose sizes add up past the zip limit", async () => {
    const zip = zipSync({ "actors.csv": new Uint8Array(600), "needs.csv": new Uint8Array(600) });
    const result = await importers.csv({
      files: [{ name: "map.zip", data: Buffer.from(zip) }],
      options: { limits: { maxZipBytes: 1000 } },
    });
    expect(failed(result)[0]!.message).toContain("entries declare over 1.2 kB uncompressed; the limit is 1000 bytes");
  });

  it("guards workbooks the same way", async () => {
    const bomb = lyingZip("xl/workbook.xml", new Uint8Array(20 * 1024 * 1024), 100);
    const [error] = failed(await importers.kumu({ files: [{ name: "map.xlsx", data: Buffer.from(bomb) }] }));
    expect(error).toMatchObject({ code: "zip_bomb" });
  });

  it("refuses a file over 100 MB", async () => {
    const big = Buffer.alloc(MAX_FILE_BYTES + 1, 0x20);
    const [error] = failed(await importers.csv({ files: [{ name: "actors.csv", data: big }] }));
    expect(error).toMatchObject({ code: "too_large", file: "actors.csv" });
    expect(error!.message).toBe("actors.csv is 100.0 MB; the limit is 100.0 MB per file");
  });

  it("stops reading a stream as soon as it passes the limit", async () => {
    let produced = 0;
    const stream = Readable.from(
      (function* () {
        yield Buffer.from("id,name,type\n");
        for (;;) {
          produced += 1;
          yield Buffer.from("a,b,school\n".repeat(100));
        }
      })(),
    );
    const result = await importers.csv({
      files: [{ name: "actors.csv", data: stream }],
      options: { limits: { maxFileBytes: 100_000 } },
    });
    expect(failed(result)[0]).toMatchObject({ code: "too_large" });
    expect(produced).toBeLessThan(200);
  });
});

describe("graph files", () => {
  it("says a GEXF that is not XML is not XML", async () => {
    const [error] = failed(await importers.gexf({ files: [fixture("bad/not-xml.gexf")] }));
    expect(error).toMatchObject({ code: "not_xml", file: "not-xml.gexf" });
    expect(error!.message).toBe(
      "not-xml.gexf is not XML: it has no root element (it starts with 'id,label library,Riverbend Public Librar')",
    );
  });

  it.each([
    ["a truncated file", '<gexf><graph><nodes><node id="a', /not well-formed XML/],
    ["HTML", "<!DOCTYPE html><html><body>Not found</body></html>", /root element is <html>, not <gexf>/],
    ["JSON", '{"nodes": []}', /not XML/],
  ])("refuses %s", async (_what, text, message) => {
    const [error] = failed(await importers.gexf({ files: [csvFile("map.gexf", text)] }));
    expect(error!.code).toBe("not_xml");
    expect(error!.message).toMatch(message);
  });

  it("names the line of an edge to a missing node", async () => {
    const gexf = `<?xml version="1.0"?>\n<gexf version="1.3"><graph>\n<nodes><node id="a"/></nodes>\n<edges>\n<edge source="a" target="b"/>\n</edges></graph></gexf>`;
    const [error] = failed(await importers.gexf({ files: [csvFile("map.gexf", gexf)] }));
    expect(error).toMatchObject({ code: "dangling_reference", row: 5, column: "target" });
  });
});

describe("other formats", () => {
  it("names the line of broken JSON", async () => {
    const [error] = failed(
      await importers.json({ files: [csvFile("bundle.json", '{\n  "actors": [\n    {"id": "a",}\n  ]\n}')] }),
    );
    expect(error).toMatchObject({ code: "malformed", row: 3 });
  });

  it.each([
    ["an empty file", "", { code: "malformed", message: "bundle.json is not valid JSON: the file is empty" }],
    ["a list at the root", "[1, 2]", { code: "malformed", message: expect.stringContaining("not a JSON bundle") }],
    ["a kind that is not a list", '{"actors": 5}', { code: "invalid_value", field: "actors" }],
    ["a key no bundle has", '{"actors": [], "people": []}', { code: "unknown_column", field: "people" }],
    ["a file cut short", '{"actors": [\n  {"id": "a"', { code: "malformed", row: 2 }],
  ])("refuses a JSON bundle that is %s, streamed item by item", async (_what, text, issue) => {
    const errors = failed(await importers.json({ files: [csvFile("bundle.json", text)] }));
    expect(errors).toEqual([expect.objectContaining(issue)]);
  });

  it("names the row and column of a 360Giving grant that breaks the schema", async () => {
    const sheet =
      "Identifier,Title,Description,Currency,Amount Awarded,Award Date,Recipient Org:Identifier,Recipient Org:Name,Funding Org:Identifier,Funding Org:Name\n" +
      "G-1,T,D,USD,lots,2024-01-01,R-1,Riverbend School,F-1,Fund\n";
    const errors = failed(await importers["360giving"]({ files: [csvFile("grants.csv", sheet)] }));
    expect(errors[0]).toMatchObject({
      code: "schema",
      file: "grants.csv",
      row: 2,
      column: "Amount Awarded",
      message: "must be number",
    });
  });

  it("names the field of an HSDS organization that breaks the schema", async () => {
    const orgs = [{ id: "7d0b9d4e-6b1a-4c55-9e0b-1f3c2a9d8e01", name: "Food shelf" }];
    const errors = failed(await importers.hsds({ files: [csvFile("orgs.json", JSON.stringify(orgs))] }));
    expect(errors[0]).toMatchObject({
      code: "schema",
      field: "organizations[0].description",
      message: "organizations[0].description: is required",
    });
    expect(errors).toHaveLength(1);
  });

  it("tells the caller when the format cannot be told", async () => {
    const result = await importData({ files: [csvFile("notes.txt", "hello")] });
    expect(result.report.format).toBe("csv");
    const unknown = await importData({ files: [csvFile("data.bin", "<svg/>")] });
    expect(failed(unknown)[0]).toMatchObject({ code: "unknown_format" });
  });
});
