// Size limits of an import, each enforced while the input streams in, before memory grows with it: bytes per file, per
// zip and per zip entry (counted as entries inflate), entries per zip, records per import and per kind of item,
// columns and characters per CSV record, and a lower byte limit for the formats that must hold a file whole.
import type { Bundle } from "../schemas/domain";
import { StopImport } from "./issues";
import type { ImportOptions, Limits } from "./types";

export const MAX_FILE_BYTES = 100 * 1024 * 1024;
export const MAX_ZIP_UNCOMPRESSED_BYTES = 500 * 1024 * 1024;
export const MAX_ZIP_ENTRIES = 10_000;
/**
 * Files that are parsed whole (XML through xmldom, workbooks through exceljs, JSON read by JSON.parse, zip entries
 * read whole): their parsers take ten to twenty times the file's size, so they get a tenth of the streaming limit.
 */
export const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;
/** Records of one import, valid or not: what the CSV and JSON readers stop at. */
export const MAX_ROWS = 1_000_000;
/** Columns of a CSV record: the widest real file (an actor with 50 attributes) has about 60. */
export const MAX_COLUMNS = 1_000;
/** Characters of one CSV record; above it, surely an unclosed quote swallowing the file. */
export const MAX_RECORD_CHARS = 1_000_000;

/** The bundle the Bundle schema caps at, per kind: the readers stop as soon as one more item is read. */
export const MAX_ITEMS: Record<keyof Bundle, number> = {
  categories: 10_000,
  actors: 200_000,
  relationships: 1_000_000,
  needs: 200_000,
  offerings: 200_000,
  commitments: 200_000,
};

export const DEFAULT_LIMITS: Limits = {
  maxFileBytes: MAX_FILE_BYTES,
  maxZipBytes: MAX_ZIP_UNCOMPRESSED_BYTES,
  maxZipEntries: MAX_ZIP_ENTRIES,
  maxBufferedBytes: MAX_BUFFERED_BYTES,
  maxRows: MAX_ROWS,
  maxColumns: MAX_COLUMNS,
  maxRecordChars: MAX_RECORD_CHARS,
};

export function limitsOf(options: ImportOptions | undefined): Limits {
  return { ...DEFAULT_LIMITS, ...options?.limits };
}

export function tooLarge(name: string, size: number, limit: number, atLeast = false): StopImport {
  return new StopImport(
    "too_large",
    `${name} is ${atLeast ? "over " : ""}${formatBytes(size)}; the limit is ${formatBytes(limit)} per file`,
    { file: name },
  );
}

/** One item past the per-kind limit, or one record past the per-import limit: the reader stops there. */
export function tooManyItems(kind: keyof Bundle, file: string, row?: number): StopImport {
  return new StopImport(
    "too_large",
    `more than ${MAX_ITEMS[kind].toLocaleString("en")} ${kind} in one import, the limit; split the file`,
    row === undefined ? { file } : { file, row },
  );
}

export function tooManyRows(limit: number, file: string, row?: number): StopImport {
  return new StopImport(
    "too_large",
    `more than ${limit.toLocaleString("en")} records in one import, the limit; split the files`,
    row === undefined ? { file } : { file, row },
  );
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${n} bytes`;
}

/** Bytes of a file that a format parses whole (XML, workbooks, Kumu, HSDS, 360Giving, JSON.parse). */
export function wholeFileBytes(limits: Limits): number {
  return Math.min(limits.maxFileBytes, limits.maxBufferedBytes);
}
