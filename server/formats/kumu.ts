// Kumu (kumu.io) maps in and out. Kumu keeps a map as an Elements sheet (Label, optional ID, Type, Description, Tags
// split by '|', any custom columns) and a Connections sheet (From, To, optional ID, Type, Strength, Direction, custom
// columns), as a workbook, two CSV files or a JSON blueprint `{elements, connections}`; project backups nest the fields
// under `attributes` ("element type", "connection type"). Elements become actors and connections relationships:
// - Element types map onto actor types through synonyms ("Foundation" -> funder); any other type becomes `other`. When
//   the Kumu type is not simply the Atlas label, it is kept in attributes.kumu_type and exports write it back.
// - Connection types map the same way; unknown ones become partners_with. Relationships have no attributes, so the
//   original type, Direction (Atlas derives direction from the type) and custom connection columns are lost: the
//   report lists them.
// - As in Kumu, From and To name elements by ID or by label, may list several elements split by '|', and a label that
//   names no element creates one.
// Exports write the same layout, so a map goes back to Kumu and returns unchanged.
import ExcelJS from "exceljs";
import { stringify } from "csv-stringify/sync";
import { strToU8, zipSync } from "fflate";
import type { ActorType, Bundle, RelationshipType } from "../schemas/domain";
import { UNDIRECTED_TYPES } from "../schemas/domain";
import {
  ACTOR_TYPE_LABELS,
  ActorRow,
  actorTypeFrom,
  attributeName,
  checkBundle,
  coerceScalar,
  decodeText,
  emptyResult,
  finish,
  IdTable,
  Issues,
  isZip,
  limitsOf,
  Origins,
  parseNumber,
  readAll,
  readJson,
  RELATIONSHIP_TYPE_LABELS,
  RelationshipRow,
  relationshipTypeFrom,
  splitList,
  StopImport,
  toIsoDate,
  typeKey,
  zodIssues,
} from "./common";
import { csvTable, readXlsx, tableName } from "./sheets";
import type { Cell, Table } from "./sheets";
import { baseName, readZip } from "./zip";
import type { ImportFile, ImportInput, ImportResult, Limits } from "./types";

/** A row of either sheet: cells by header, with where it came from. */
interface Row {
  file: string;
  row?: number;
  field?: string;
  cells: Map<string, { header: string; value: Cell | string[] }>;
}

const ELEMENT_COLUMNS: Record<string, string> = {
  id: "id",
  label: "name",
  type: "type",
  "element type": "type",
  description: "description",
  tags: "tags",
  url: "url",
  website: "url",
  latitude: "lat",
  lat: "lat",
  longitude: "lon",
  lon: "lon",
  lng: "lon",
  address: "address",
  region: "region",
};

const CONNECTION_COLUMNS: Record<string, string> = {
  id: "id",
  from: "from",
  to: "to",
  type: "type",
  "connection type": "type",
  strength: "strength",
  direction: "direction",
  amount: "amount",
  since: "since",
  until: "until",
};

const STRENGTH_WORDS: Record<string, number> = {
  weak: 1,
  low: 1,
  medium: 2,
  moderate: 2,
  strong: 3,
  high: 3,
  "very strong": 4,
};

export async function importKumu(input: ImportInput): Promise<ImportResult> {
  const options = input.options ?? {};
  const issues = new Issues(options.maxIssues);
  const limits = limitsOf(options);
  const files: ImportFile[] = Buffer.isBuffer(input.files) ? [{ name: "kumu", data: input.files }] : input.files;
  const names = files.map((f) => f.name);
  let elements: Row[] = [];
  let connections: Row[] = [];
  try {
    for (const file of files) {
      const sheets = await readKumuFile(file, limits, options.delimiter ?? ",", options.encoding);
      elements = elements.concat(sheets.elements);
      connections = connections.concat(sheets.connections);
    }
  } catch (err) {
    if (!(err instanceof StopImport)) throw err;
    issues.error(err.code, err.message, err.where);
    return emptyResult("kumu", names, issues);
  }
  if (!elements.length && !connections.length) {
    issues.error(
      "empty",
      "no Kumu elements or connections found: expected an Elements sheet (Label...) and a Connections sheet (From, To...)",
    );
    return emptyResult("kumu", names, issues);
  }
  const { bundle, origins } = toBundle(elements, connections, issues);
  if (issues.errors === 0) checkBundle(bundle, issues, origins, options);
  return finish("kumu", names, elements.length + connections.length, bundle, issues);
}

async function readKumuFile(
  file: ImportFile,
  limits: Limits,
  delimiter: string,
  encoding: "utf-8" | "latin1" | undefined,
): Promise<{ elements: Row[]; connections: Row[] }> {
  const bytes = await readAll(file, limits.maxFileBytes);
  const lower = file.name.toLowerCase();
  const out = { elements: [] as Row[], connections: [] as Row[] };
  const addTable = (table: Table) => {
    if (table.sheet && /\(ignore\)/i.test(table.sheet)) return;
    const kind = sheetKind(table, table.sheet ?? baseName(table.file));
    if (!kind) return;
    out[kind].push(...tableRows(table));
  };
  if (lower.endsWith(".json") || (!isZip(bytes) && /^\s*[[{]/.test(new TextDecoder().decode(bytes.subarray(0, 64))))) {
    const blueprint = await readJson({ name: file.name, data: bytes }, limits, encoding);
    return blueprintRows(blueprint, file.name);
  }
  if (isZip(bytes)) {
    const entries = readZip(bytes, file.name, limits);
    if (entries.some((e) => e.name === "xl/workbook.xml")) {
      for (const table of await readXlsx(file.name, entries)) addTable(table);
      return out;
    }
    for (const entry of entries) {
      if (!entry.name.toLowerCase().endsWith(".csv")) continue;
      addTable(csvTable(`${file.name}/${entry.name}`, decodeText(entry.name, entry.data, encoding), delimiter));
    }
    return out;
  }
  addTable(csvTable(file.name, decodeText(file.name, bytes, encoding), delimiter));
  return out;
}

/** Elements or connections, by the sheet's (or file's) name, else by its header. */
function sheetKind(table: Table, name: string): "elements" | "connections" | undefined {
  const header = new Set(table.header.map((h) => h.toLowerCase()));
  if (/connection/i.test(name)) return "connections";
  if (/element/i.test(name)) return "elements";
  if (header.has("from") && header.has("to")) return "connections";
  if (header.has("label")) return "elements";
  return undefined;
}

function tableRows(table: Table): Row[] {
  const file = tableName(table);
  return table.rows.map(({ row, cells }) => {
    const map: Row["cells"] = new Map();
    table.header.forEach((header, i) => {
      const value = cells[i];
      if (header && value !== undefined) map.set(header.toLowerCase(), { header, value });
    });
    return { file, row, cells: map };
  });
}

/** Flat blueprints (`{label, type, ...}`) and project backups (`{_id, attributes: {label, "element type"}}`) alike. */
function blueprintRows(json: unknown, file: string): { elements: Row[]; connections: Row[] } {
  const doc = json as { elements?: unknown; connections?: unknown };
  if (!doc || typeof doc !== "object" || (!Array.isArray(doc.elements) && !Array.isArray(doc.connections))) {
    throw new StopImport("malformed", `${file} is not a Kumu blueprint: it needs "elements" and "connections" arrays`, {
      file,
    });
  }
  const toRows = (list: unknown, kind: "elements" | "connections"): Row[] =>
    (Array.isArray(list) ? list : []).map((raw, i) => {
      const item = (raw ?? {}) as Record<string, unknown>;
      const fields: Record<string, unknown> = { ...((item.attributes as Record<string, unknown>) ?? {}) };
      for (const [k, v] of Object.entries(item)) if (k !== "attributes") fields[k === "_id" ? "id" : k] = v;
      const cells: Row["cells"] = new Map();
      for (const [header, value] of Object.entries(fields)) {
        if (value === null || value === undefined || value === "") continue;
        const cell = Array.isArray(value)
          ? value.map(String)
          : typeof value === "object"
            ? JSON.stringify(value)
            : (value as Cell);
        cells.set(header.toLowerCase(), { header, value: cell });
      }
      return { file, field: `${kind}[${i}]`, cells };
    });
  return { elements: toRows(doc.elements, "elements"), connections: toRows(doc.connections, "connections") };
}

function cellText(value: Cell | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value.join("|");
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).trim() || undefined;
}

function cellNumber(value: Cell | string[] | undefined): number | undefined {
  if (typeof value === "number") return value;
  const t = cellText(value);
  return t === undefined ? undefined : parseNumber(t);
}

/** A custom cell as an attribute: typed cells keep their type; text is coerced as CSV cells are. */
function cellAttribute(value: Cell | string[]): string | number | boolean {
  if (typeof value === "number" || typeof value === "boolean") return value;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (Array.isArray(value)) return value.join("|");
  return coerceScalar(value ?? "");
}

function toBundle(elements: Row[], connections: Row[], issues: Issues) {
  const bundle: Bundle = { categories: [], actors: [], relationships: [], needs: [], offerings: [], commitments: [] };
  const origins = new Origins();
  const actorIds = new IdTable("actor", issues);
  const relationshipIds = new IdTable("relationship", issues);
  const byRawId = new Map<string, string>();
  const byLabel = new Map<string, string[]>();
  const byLabelLower = new Map<string, string[]>();
  const remember = (label: string, id: string) => {
    byLabel.set(label, [...(byLabel.get(label) ?? []), id]);
    byLabelLower.set(label.toLowerCase(), [...(byLabelLower.get(label.toLowerCase()) ?? []), id]);
  };
  const retyped = new Map<string, number>();
  let untyped = 0;
  const renamed = new Map<string, string>();

  for (const el of elements) {
    const where = { file: el.file, row: el.row, field: el.field };
    const get = (field: string) => {
      for (const [key, cell] of el.cells) if (ELEMENT_COLUMNS[key] === field) return cell.value;
      return undefined;
    };
    const label = cellText(get("name"));
    const rawId = cellText(get("id"));
    const id =
      rawId !== undefined ? actorIds.assign(rawId, { ...where, column: "ID" }) : actorIds.derive(label ?? "element");
    if (rawId !== undefined) byRawId.set(rawId, id);
    if (label !== undefined) remember(label, id);

    const attributes: Record<string, string | number | boolean> = {};
    const typeText = cellText(get("type"));
    let type: ActorType = "other";
    if (typeText === undefined) untyped++;
    else {
      const mapped = actorTypeFrom(typeText);
      type = mapped ?? "other";
      const plain =
        mapped !== undefined &&
        (typeKey(typeText) === typeKey(ACTOR_TYPE_LABELS[mapped]) || typeKey(typeText) === typeKey(mapped));
      if (!plain) {
        attributes.kumu_type = typeText;
        const key = `'${typeText}' -> ${type}`;
        retyped.set(key, (retyped.get(key) ?? 0) + 1);
      }
    }
    for (const [key, { header, value }] of el.cells) {
      if (ELEMENT_COLUMNS[key] !== undefined) continue;
      const name = attributeName(header.toLowerCase().startsWith("attr:") ? header.slice(5) : header);
      if (name !== header && !header.toLowerCase().startsWith("attr:")) renamed.set(header, name);
      attributes[name] = cellAttribute(value);
    }
    const lat = cellNumber(get("lat"));
    const lon = cellNumber(get("lon"));
    const address = cellText(get("address"));
    const region = cellText(get("region"));
    let location: Record<string, unknown> | undefined;
    if (lat !== undefined || lon !== undefined) location = stripUndefined({ lat, lon, address, region });
    else {
      // A location needs coordinates; keep the text rather than drop it (CSV imports do the same).
      if (address !== undefined) attributes.address = address;
      if (region !== undefined) attributes.region = region;
    }
    const item = stripUndefined({
      id,
      name: label,
      type,
      description: cellText(get("description")),
      tags: (() => {
        const tags = get("tags");
        return tags === undefined ? [] : Array.isArray(tags) ? tags : splitList(String(tags));
      })(),
      location,
      attributes,
      url: cellText(get("url")),
    });
    const parsed = ActorRow.safeParse(item);
    if (!parsed.success) {
      zodIssues(issues, parsed.error, where, (path) => columnName(el, ELEMENT_COLUMNS, path));
      continue;
    }
    bundle.actors.push(parsed.data);
    origins.add("actors", el.file, el.row);
  }

  const created: string[] = [];
  const resolve = (
    ref: string,
    where: { file: string; row?: number; field?: string },
    column: string,
  ): string | undefined => {
    const byId = byRawId.get(ref);
    if (byId) return byId;
    const labelled = byLabel.get(ref) ?? byLabelLower.get(ref.toLowerCase());
    if (labelled && labelled.length > 1) {
      issues.error(
        "invalid_value",
        `'${ref}' is the label of ${labelled.length} elements; give elements IDs and connect by ID`,
        { ...where, column },
      );
      return undefined;
    }
    if (labelled) return labelled[0];
    // Kumu creates an element for a label it does not know; so do we, and say so.
    const id = actorIds.derive(ref);
    byRawId.set(ref, id);
    remember(ref, id);
    created.push(ref);
    bundle.actors.push({ id, name: ref, type: "other", description: "", tags: [], attributes: {} });
    origins.add("actors", where.file, where.row);
    return id;
  };

  const unknownTypes = new Map<string, number>();
  const dropped = new Set<string>();
  let strengthWords = 0;
  for (const c of connections) {
    const where = { file: c.file, row: c.row, field: c.field };
    const get = (field: string) => {
      for (const [key, cell] of c.cells) if (CONNECTION_COLUMNS[key] === field) return cell.value;
      return undefined;
    };
    for (const [key, { header }] of c.cells) if (CONNECTION_COLUMNS[key] === undefined) dropped.add(header);
    const fromText = cellText(get("from"));
    const toText = cellText(get("to"));
    if (fromText === undefined || toText === undefined) {
      issues.error("invalid_value", `a connection needs From and To`, {
        ...where,
        column: fromText === undefined ? "From" : "To",
      });
      continue;
    }
    const typeText = cellText(get("type"));
    let type: RelationshipType | undefined = typeText === undefined ? undefined : relationshipTypeFrom(typeText);
    if (!type) {
      const key = typeText ?? "(none)";
      unknownTypes.set(key, (unknownTypes.get(key) ?? 0) + 1);
      type = "partners_with";
    }
    const strength = get("strength");
    let weight = cellNumber(strength);
    if (weight === undefined && strength !== undefined) {
      weight = STRENGTH_WORDS[String(strength).trim().toLowerCase()];
      if (weight === undefined) {
        issues.warn(
          "lossy",
          `Strength '${cellText(strength)}' is neither a number nor weak/medium/strong; the weight is 1`,
          {
            ...where,
            column: "Strength",
          },
        );
      } else strengthWords++;
    }
    const rawId = cellText(get("id"));
    const froms = splitList(fromText);
    const tos = splitList(toText);
    const many = froms.length * tos.length > 1;
    for (const f of froms) {
      for (const t of tos) {
        const from = resolve(f, where, "From");
        const to = resolve(t, where, "To");
        if (!from || !to) continue;
        const item = stripUndefined({
          // One ID cannot name several connections: a row that fans out leaves ids to the store.
          id: rawId !== undefined && !many ? relationshipIds.assign(rawId, { ...where, column: "ID" }) : undefined,
          from,
          to,
          type,
          weight,
          amount: get("amount") === undefined ? undefined : (cellNumber(get("amount")) ?? cellText(get("amount"))),
          since: get("since") === undefined ? undefined : (dateOf(get("since")) ?? cellText(get("since"))),
          until: get("until") === undefined ? undefined : (dateOf(get("until")) ?? cellText(get("until"))),
        });
        const parsed = RelationshipRow.safeParse(item);
        if (!parsed.success) {
          zodIssues(issues, parsed.error, where, (path) => columnName(c, CONNECTION_COLUMNS, path));
          continue;
        }
        bundle.relationships.push(parsed.data);
        origins.add("relationships", c.file, c.row);
      }
    }
  }

  if (untyped) issues.warn("mapped", `${untyped} elements have no Type; they are actors of type 'other'`);
  for (const [change, n] of retyped) {
    issues.warn("mapped", `element type ${change} (${n} elements); the Kumu type is kept in attributes.kumu_type`);
  }
  for (const [header, name] of renamed) issues.warn("mapped", `column '${header}' is stored as attribute '${name}'`);
  if (created.length) {
    issues.warn(
      "mapped",
      `${created.length} connection ends name no element, so elements were created for them (as Kumu does): ${created.slice(0, 10).join(", ")}${created.length > 10 ? ", ..." : ""}`,
    );
  }
  for (const [label, n] of unknownTypes) {
    issues.warn(
      "lossy",
      `connection type ${label === "(none)" ? "missing" : `'${label}'`} is no relationship type; ${n} connections become partners_with (relationships carry no attributes, so the Kumu type is lost)`,
    );
  }
  if (strengthWords)
    issues.warn("mapped", `${strengthWords} connections give Strength in words; weak=1, medium=2, strong=3`);
  for (const header of dropped)
    issues.warn("lossy", `connection column '${header}' has no place in a relationship and was left out`);
  return { bundle, origins };
}

function dateOf(value: Cell | string[] | undefined): string | undefined {
  return value instanceof Date ? value.toISOString().slice(0, 10) : toIsoDate(cellText(value));
}

function columnName(row: Row, columns: Record<string, string>, path: PropertyKey[]): string {
  const field = String(path[0] === "location" ? path[1] : path[0]);
  for (const [key, cell] of row.cells) if (columns[key] === field) return cell.header;
  if (path[0] === "attributes" && path[1] !== undefined) return String(path[1]);
  return { name: "Label", type: "Type", weight: "Strength", from: "From", to: "To" }[field] ?? field;
}

function stripUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}

// ---- Export -------------------------------------------------------------------------------------

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
const CONNECTION_HEADERS = ["ID", "From", "To", "Type", "Strength", "Direction", "Amount", "Since", "Until"];

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
  const cast = { boolean: (v: boolean) => (v ? "true" : "false") };
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
