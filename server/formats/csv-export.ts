// Atlas CSV export: the six entity files (UTF-8 with a BOM, so spreadsheet programs read accents right) and a zip of
// them, which the CSV importer reads back to the same bundle.
import { stringify } from "csv-stringify/sync";
import { strToU8, Zip, ZipDeflate, zipSync } from "fflate";
import type { Bundle } from "../schemas/domain";
import { CSV_ENTITIES } from "../schemas/imports";
import { CSV_COLUMNS } from "./csv-header";
import { neutraliseFormula } from "./formulas";
import type { CsvEntity } from "./types";

// Cast by the value's type: text that a spreadsheet would run as a formula is neutralised, numbers (-3.5) stay numbers.
const CAST = { boolean: (v: boolean) => (v ? "true" : "false"), string: neutraliseFormula };

type CsvItem<E extends CsvEntity = CsvEntity> = Bundle[E][number];

/** The free attribute names of the actors, each an `attr:` column of actors.csv. */
export function attributeNames(actors: Iterable<CsvItem<"actors">>): string[] {
  const names = new Set<string>();
  for (const a of actors) for (const name of Object.keys(a.attributes ?? {})) names.add(name);
  return [...names].sort();
}

function columnsOf(entity: CsvEntity, attrNames: readonly string[]): string[] {
  return entity === "actors" ? [...CSV_COLUMNS.actors, ...attrNames.map((n) => `attr:${n}`)] : [...CSV_COLUMNS[entity]];
}

/** One item as its CSV row's cells by column name. */
function rowOf(entity: CsvEntity, item: CsvItem): Record<string, unknown> {
  if (entity === "actors") {
    const a = item as CsvItem<"actors">;
    return {
      id: a.id,
      name: a.name,
      type: a.type,
      description: a.description,
      tags: (a.tags ?? []).join("|"),
      lat: a.location?.lat,
      lon: a.location?.lon,
      address: a.location?.address,
      region: a.location?.region,
      url: a.url,
      ...Object.fromEntries(Object.entries(a.attributes ?? {}).map(([k, v]) => [`attr:${k}`, v])),
    };
  }
  if (entity === "commitments") {
    const c = item as CsvItem<"commitments">;
    return { ...c, history: JSON.stringify(c.history ?? []) };
  }
  return item as Record<string, unknown>;
}

/** The header line (with the BOM, so spreadsheet programs read the UTF-8 right). */
const headerOf = (columns: string[]) => stringify([], { header: true, columns, bom: true });
const rowsOf = (columns: string[], rows: Record<string, unknown>[]) =>
  stringify(rows, { header: false, columns, cast: CAST });

/** Each entity as CSV text (with a BOM, so spreadsheet programs read the UTF-8 right). */
export function exportCsvFiles(bundle: Bundle): Record<CsvEntity, string> {
  const attrNames = attributeNames(bundle.actors);
  const write = (entity: CsvEntity) => {
    const columns = columnsOf(entity, attrNames);
    return (
      headerOf(columns) +
      rowsOf(
        columns,
        (bundle[entity] as CsvItem[]).map((item) => rowOf(entity, item)),
      )
    );
  };
  return Object.fromEntries(CSV_ENTITIES.map((e) => [e, write(e)])) as Record<CsvEntity, string>;
}

/** The map as a zip of six CSV files, which `importCsv` reads back to the same bundle. */
export function exportCsv(bundle: Bundle): Uint8Array {
  const files = exportCsvFiles(bundle);
  return zipSync(Object.fromEntries(CSV_ENTITIES.map((e) => [`${e}.csv`, strToU8(files[e])])), { level: 6 });
}

/** One item of an entity file, or the end of that file (`item` absent). */
export interface CsvRecord {
  entity: CsvEntity;
  item?: CsvItem;
}

/** Rows written to the zip at a time. */
const CSV_BATCH = 500;

/**
 * The same zip written as the items arrive: the files one after the other (in the order the records name them,
 * each ended by a record without an item), deflated as they go, so the whole map is never held. The actors' file
 * needs its attribute columns up front: `attrNames` is read from the actors first (attributeNames).
 */
export async function* exportCsvStream(
  attrNames: readonly string[],
  records: AsyncIterable<CsvRecord>,
): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((err, data) => {
    if (err) failure = err;
    else out.push(data);
  });
  let file: { entry: ZipDeflate; columns: string[]; rows: Record<string, unknown>[] } | null = null;
  const flush = (final: boolean) => {
    if (!file) return;
    const text = file.rows.length ? rowsOf(file.columns, file.rows) : "";
    file.rows = [];
    file.entry.push(strToU8(text), final);
  };
  for await (const record of records) {
    if (!file) {
      const entry = new ZipDeflate(`${record.entity}.csv`, { level: 6 });
      zip.add(entry);
      const columns = columnsOf(record.entity, attrNames);
      file = { entry, columns, rows: [] };
      entry.push(strToU8(headerOf(columns)));
    }
    if (record.item) {
      file.rows.push(rowOf(record.entity, record.item));
      if (file.rows.length >= CSV_BATCH) flush(false);
    } else {
      flush(true);
      file = null;
    }
    if (failure) throw failure;
    while (out.length) yield out.shift()!;
  }
  zip.end();
  if (failure) throw failure;
  while (out.length) yield out.shift()!;
}
