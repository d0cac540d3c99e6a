// Tables from spreadsheets, for the formats that arrive as sheets (Kumu, 360Giving, HSDS's tabular form): XLSX through
// exceljs and CSV through csv-parse. exceljs inflates whatever a workbook's zip declares, so a workbook is first
// unpacked by our own capped reader and handed over re-packed.
import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import { zipSync } from "fflate";
import { restoreFormula } from "./formulas";
import { StopImport } from "./issues";
import type { ZipEntry } from "./zip";

export type Cell = string | number | boolean | Date | undefined;

export interface Table {
  /** The file, and the sheet for workbooks, as messages name them. */
  file: string;
  sheet?: string;
  header: string[];
  rows: { row: number; cells: Cell[] }[];
}

/** Every sheet of a workbook (given as the entries `readZip` checked), its first row taken as the header. */
export async function readXlsx(file: string, entries: ZipEntry[]): Promise<Table[]> {
  const safe = Buffer.from(zipSync(Object.fromEntries(entries.map((e) => [e.name, [e.data, { level: 0 }]]))));
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(safe as unknown as ExcelJS.Buffer);
  } catch (err) {
    throw new StopImport("malformed", `${file} is not a readable XLSX workbook: ${(err as Error).message}`, { file });
  }
  const tables: Table[] = [];
  workbook.eachSheet((sheet) => {
    const table: Table = { file, sheet: sheet.name, header: [], rows: [] };
    let headed = false;
    sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      // row.values is 1-based, with holes for empty cells.
      const values = Array.from((row.values as ExcelJS.CellValue[]).slice(1), cellValue);
      if (!headed) {
        table.header = values.map((v) => (v === undefined ? "" : String(v).trim()));
        headed = true;
        return;
      }
      if (values.some((v) => v !== undefined)) table.rows.push({ row: rowNumber, cells: values });
    });
    tables.push(table);
  });
  return tables;
}

/** A cell's value as data: rich text and hyperlinks give their text, formulas their result, errors nothing. */
export function cellValue(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "string") return value.trim() === "" ? undefined : value;
  if (typeof value === "number" || typeof value === "boolean" || value instanceof Date) return value;
  if ("richText" in value) return value.richText.map((r) => r.text).join("") || undefined;
  if ("hyperlink" in value)
    return typeof value.text === "string" ? value.text : cellValue(value.text as ExcelJS.CellValue);
  if ("formula" in value || "sharedFormula" in value)
    return cellValue((value as { result?: ExcelJS.CellValue }).result ?? null);
  return undefined;
}

/** A whole CSV file as a table; the streaming reader in csv.ts is for Atlas's own (large) CSV files. */
export function csvTable(file: string, text: string, delimiter: string): Table {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      bom: true,
    }) as unknown as typeof records;
  } catch (err) {
    const e = err as { code?: string; lines?: number; message: string };
    const what =
      e.code === "CSV_QUOTE_NOT_CLOSED" ? "a quoted field is never closed (the file ends inside quotes)" : e.message;
    throw new StopImport("malformed", `${file}: ${what}`, {
      file,
      row: e.lines,
      column: csvErrorColumn(err, headerOf(text, delimiter)),
    });
  }
  // Text our own exports neutralised against spreadsheet formulas reads back as it was written.
  for (const { record } of records) for (let i = 0; i < record.length; i++) record[i] = restoreFormula(record[i]!);
  const [first, ...rest] = records;
  if (!first) throw new StopImport("empty", `${file} is empty: it has no header line`, { file });
  const header = first.record.map((h) => h.trim());
  if (header.length === 1) {
    const found = [";", "\t", "|", ","].find((d) => d !== delimiter && header[0]!.includes(d));
    if (found) {
      throw new StopImport(
        "delimiter",
        `${file}: the header is one column, '${header[0]!.slice(0, 80)}': the file seems to be separated by ${found === "\t" ? "tabs" : `'${found}'`}, not '${delimiter}'`,
        { file, row: 1 },
      );
    }
  }
  // csv-parse counts the line a record ends on; the start is one past the previous record's end.
  let previousEnd = first.info.lines;
  const rows = rest.map(({ record, info }) => {
    const row = { row: previousEnd + 1, cells: record.map((v) => (v.trim() === "" ? undefined : v)) };
    previousEnd = info.lines;
    return row;
  });
  return { file, header, rows };
}

/**
 * The column a csv-parse error is in: its `index` counts the fields of the record read before the bad one, so it is
 * the bad field's position; named by the header when there is one.
 */
export function csvErrorColumn(err: unknown, header: readonly string[] | undefined): string | undefined {
  const index = (err as { index?: unknown }).index;
  if (typeof index !== "number" || index < 0) return undefined;
  return header?.[index] || `column ${index + 1}`;
}

/** The header line alone, to name the column of an error further down; undefined when it does not parse either. */
function headerOf(text: string, delimiter: string): string[] | undefined {
  try {
    const [first] = parse(text, { delimiter, relax_column_count: true, bom: true, to_line: 1 }) as string[][];
    return first?.map((h) => h.trim());
  } catch {
    return undefined;
  }
}

/** `Sheet` of `file`, or just the file, for messages. */
export function tableName(table: Table): string {
  return table.sheet ? `${table.file} [${table.sheet}]` : table.file;
}
