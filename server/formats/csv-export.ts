// Atlas CSV export: the six entity files (UTF-8 with a BOM, so spreadsheet programs read accents right) and a zip of
// them, which the CSV importer reads back to the same bundle.
import { stringify } from "csv-stringify/sync";
import { strToU8, zipSync } from "fflate";
import type { Bundle } from "../schemas/domain";
import { CSV_ENTITIES } from "../schemas/imports";
import { CSV_COLUMNS } from "./csv-header";
import { neutraliseFormula } from "./formulas";
import type { CsvEntity } from "./types";

// Cast by the value's type: text that a spreadsheet would run as a formula is neutralised, numbers (-3.5) stay numbers.
const CAST = { boolean: (v: boolean) => (v ? "true" : "false"), string: neutraliseFormula };

/** Each entity as CSV text (with a BOM, so spreadsheet programs read the UTF-8 right). */
export function exportCsvFiles(bundle: Bundle): Record<CsvEntity, string> {
  const attrNames = [...new Set(bundle.actors.flatMap((a) => Object.keys(a.attributes ?? {})))].sort();
  const write = (columns: string[], rows: Record<string, unknown>[]) =>
    stringify(rows, { header: true, columns, bom: true, cast: CAST });
  return {
    categories: write([...CSV_COLUMNS.categories], bundle.categories),
    actors: write(
      [...CSV_COLUMNS.actors, ...attrNames.map((n) => `attr:${n}`)],
      bundle.actors.map((a) => ({
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
      })),
    ),
    needs: write([...CSV_COLUMNS.needs], bundle.needs),
    offerings: write([...CSV_COLUMNS.offerings], bundle.offerings),
    relationships: write([...CSV_COLUMNS.relationships], bundle.relationships),
    commitments: write(
      [...CSV_COLUMNS.commitments],
      bundle.commitments.map((c) => ({ ...c, history: JSON.stringify(c.history ?? []) })),
    ),
  };
}

/** The map as a zip of six CSV files, which `importCsv` reads back to the same bundle. */
export function exportCsv(bundle: Bundle): Uint8Array {
  const files = exportCsvFiles(bundle);
  return zipSync(Object.fromEntries(CSV_ENTITIES.map((e) => [`${e}.csv`, strToU8(files[e])])), { level: 6 });
}
