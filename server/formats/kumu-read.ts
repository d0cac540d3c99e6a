// Reading Kumu files into rows of cells by header: workbooks (sheets named Elements and Connections, or told by their
// headers; sheets named "(ignore)" skipped), CSV files, zips of them, and JSON blueprints or project backups.
import { StopImport } from "./issues";
import { csvTable, readXlsx, tableName, type Cell, type Table } from "./sheets";
import { decodeText, readAll, readJson } from "./text";
import { wholeFileBytes } from "./limits";
import type { ImportFile, Limits } from "./types";
import { baseName, isZip, readZip } from "./zip";

/** A row of either sheet: cells by header, with where it came from. */
export interface Row {
  file: string;
  row?: number;
  field?: string;
  cells: Map<string, { header: string; value: Cell | string[] }>;
}

/** The elements and connections of one file: a workbook, a CSV file, a zip of CSV files or a JSON blueprint. */
export async function readKumuFile(
  file: ImportFile,
  limits: Limits,
  delimiter: string,
  encoding: "utf-8" | "latin1" | undefined,
): Promise<{ elements: Row[]; connections: Row[] }> {
  const bytes = await readAll(file, wholeFileBytes(limits));
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
