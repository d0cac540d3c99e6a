// Kumu export: the Elements and Connections sheets, as a workbook, a zip of two CSV files or a flat JSON blueprint.
// Importing the export gives back the same actors and relationships.
import ExcelJS from "exceljs";
import { stringify } from "csv-stringify/sync";
import { strToU8, zipSync } from "fflate";
import type { Bundle } from "../schemas/domain";
import { UNDIRECTED_TYPES } from "../schemas/domain";
import { neutraliseFormula } from "./formulas";
import { ELEMENT_COLUMNS } from "./kumu-mapping";
import type { Cell } from "./sheets";
import { ACTOR_TYPE_LABELS, actorTypeFrom, RELATIONSHIP_TYPE_LABELS } from "./synonyms";
import { splitList } from "./values";

const FIXED_ELEMENT_HEADERS = [
  "ID",
  "Label",
  "Type",
  "Description",
  "Tags",
  "URL",
  "Latitude",
  "Longitude",
  "Address",
  "Region",
];
const CONNECTION_HEADERS = [
  "ID",
  "From",
  "To",
  "Type",
  "Strength",
  "Direction",
  "Amount",
  "Currency",
  "Since",
  "Until",
];

/** The Kumu type to write: the one the element came with while it still means the same, else the Atlas label. */
function kumuType(a: Bundle["actors"][number]): string {
  const original = a.attributes?.kumu_type;
  if (typeof original === "string" && (actorTypeFrom(original) ?? "other") === a.type) return original;
  return ACTOR_TYPE_LABELS[a.type];
}

/** Both sheets as rows of cells, headers first. */
export function kumuSheets(bundle: Bundle): { elements: Cell[][]; connections: Cell[][] } {
  const fixed = new Set(FIXED_ELEMENT_HEADERS.map((h) => h.toLowerCase()));
  const attrHeader = (name: string) =>
    fixed.has(name.toLowerCase()) || ELEMENT_COLUMNS[name.toLowerCase()] ? `attr:${name}` : name;
  const rows = bundle.actors.map((a) => {
    const attrs = { ...a.attributes };
    delete attrs.kumu_type;
    // Without coordinates, an address or region travels as an attribute; in Kumu it belongs in its column.
    const address = a.location?.address ?? (a.location ? undefined : takeString(attrs, "address"));
    const region = a.location?.region ?? (a.location ? undefined : takeString(attrs, "region"));
    return { a, attrs, address, region };
  });
  const attrNames = [...new Set(rows.flatMap((r) => Object.keys(r.attrs)))].sort();
  const elements: Cell[][] = [[...FIXED_ELEMENT_HEADERS, ...attrNames.map(attrHeader)]];
  for (const { a, attrs, address, region } of rows) {
    elements.push([
      a.id,
      a.name,
      kumuType(a),
      a.description || undefined,
      a.tags?.length ? a.tags.join("|") : undefined,
      a.url,
      a.location?.lat,
      a.location?.lon,
      address,
      region,
      ...attrNames.map((n) => attrs[n]),
    ]);
  }
  const connections: Cell[][] = [CONNECTION_HEADERS];
  for (const r of bundle.relationships) {
    connections.push([
      r.id,
      r.from,
      r.to,
      RELATIONSHIP_TYPE_LABELS[r.type],
      r.weight ?? 1,
      UNDIRECTED_TYPES.has(r.type) ? "undirected" : "directed",
      r.amount,
      r.currency,
      r.since,
      r.until,
    ]);
  }
  return { elements, connections };
}

function takeString(attrs: Record<string, string | number | boolean>, key: string): string | undefined {
  const value = attrs[key];
  if (value === undefined) return undefined;
  delete attrs[key];
  return String(value);
}

export async function exportKumuXlsx(bundle: Bundle): Promise<Uint8Array> {
  const { elements, connections } = kumuSheets(bundle);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Ecosystem Atlas";
  for (const [name, rows] of [
    ["Elements", elements],
    ["Connections", connections],
  ] as const) {
    const sheet = workbook.addWorksheet(name);
    for (const row of rows) sheet.addRow(row.map((v) => (v === undefined ? null : v)));
    sheet.getRow(1).font = { bold: true };
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

export function exportKumuCsv(bundle: Bundle): Uint8Array {
  const { elements, connections } = kumuSheets(bundle);
  // Text that a spreadsheet would run as a formula is neutralised; numbers, negative ones too, stay numbers.
  const cast = { boolean: (v: boolean) => (v ? "true" : "false"), string: neutraliseFormula };
  return zipSync({
    "elements.csv": strToU8(stringify(elements, { cast })),
    "connections.csv": strToU8(stringify(connections, { cast })),
  });
}

/** A flat blueprint, the form Kumu's JSON import documents. */
export function exportKumuBlueprint(bundle: Bundle): string {
  const { elements, connections } = kumuSheets(bundle);
  const objects = (rows: Cell[][], lists: string[]) => {
    const [header, ...body] = rows;
    return body.map((row) =>
      Object.fromEntries(
        header!.flatMap((h, i) => {
          const value = row[i];
          if (value === undefined) return [];
          const key = String(h);
          const name =
            FIXED_ELEMENT_HEADERS.includes(key) || CONNECTION_HEADERS.includes(key) ? key.toLowerCase() : key;
          return [[name, lists.includes(key) ? splitList(String(value)) : value]];
        }),
      ),
    );
  };
  return JSON.stringify({ elements: objects(elements, ["Tags"]), connections: objects(connections, []) }, null, 2);
}
