// Shared types of the import and export modules. Every importer is a pure function from files to a bundle and a
// report; it never touches the database, so the API can run it for a dry run, a job or a plain import alike.
import type { Readable } from "node:stream";
import type { Bundle } from "../schemas/domain";
import type { CsvEntity, ImportReport } from "../schemas/imports";

// The report, its issues and counts, and the format names are declared once, as zod, with the API's schemas.
export type { ImportCounts } from "../schemas/api";
export type { CsvEntity, ExportFormat, Format, ImportIssue, ImportReport } from "../schemas/imports";

/** The codes importers give their issues (the report's `code`, a plain string in the API's schema). */
export type IssueCode =
  | "too_large"
  | "zip_bomb"
  | "bad_zip"
  | "encoding"
  | "malformed"
  | "delimiter"
  | "unknown_column"
  | "missing_column"
  | "duplicate_id"
  | "dangling_reference"
  | "invalid_value"
  | "not_xml"
  | "schema"
  | "unknown_format"
  | "unexpected_file"
  | "empty"
  | "id_changed"
  | "mapped"
  | "lossy"
  | "unit_assumed";

/** All or nothing: any error-level issue means no bundle. */
export type ImportResult = { bundle: Bundle; report: ImportReport } | { bundle: null; report: ImportReport };

export interface ImportFile {
  name: string;
  /** A Readable is consumed as a stream (CSV parses it row by row); other formats read it up to the size limit. */
  data: Buffer | Uint8Array | Readable;
}

export interface Limits {
  /** Bytes per file, and per entry of a zip. */
  maxFileBytes: number;
  /** Bytes of all entries of a zip, uncompressed. */
  maxZipBytes: number;
  /** Entries per zip. */
  maxZipEntries: number;
  /** Bytes of a file (or of a zip's entries together) that a format must parse whole: XML, workbooks, JSON.parse. */
  maxBufferedBytes: number;
  /** Records of one import (CSV rows, JSON items), valid or not. */
  maxRows: number;
  /** Columns of one CSV record. */
  maxColumns: number;
  /** Characters of one CSV record. */
  maxRecordChars: number;
}

export interface ImportProgress {
  phase: "read" | "parse" | "validate";
  file?: string;
  done: number;
  total?: number;
}

export interface ImportOptions {
  /** CSV: file header -> documented column (or `attr:<name>`), per entity, e.g. `{actors: {Organisation: "name"}}`. */
  columns?: Partial<Record<CsvEntity, Record<string, string>>>;
  /** CSV: the entity of a lone CSV file whose name does not say it (`actors.csv` does). */
  entity?: CsvEntity;
  /** CSV and Kumu CSV: the field delimiter; default ','. */
  delimiter?: string;
  /** Text files are UTF-8 (BOM or not); `latin1` decodes Latin-1/Windows-1252 instead of rejecting it. */
  encoding?: "utf-8" | "latin1";
  /** Ids already in the map: references to them are not dangling. Without them, references to a kind of item that
   *  the files do not carry at all are left for the store to check. */
  known?: {
    actors?: Iterable<string>;
    categories?: Iterable<string>;
    needs?: Iterable<string>;
    offerings?: Iterable<string>;
  };
  /** The default units of the map's categories, by id: what items of the import without a unit are counted in. */
  categoryUnits?: Record<string, string>;
  limits?: Partial<Limits>;
  maxIssues?: number;
  onProgress?: (progress: ImportProgress) => void;
  /** HSDS: reach of in-person services, in km (default 10). */
  reachKm?: number;
}

export interface ImportInput {
  files: ImportFile[] | Buffer;
  options?: ImportOptions;
}

export type Importer = (input: ImportInput) => Promise<ImportResult>;

export interface ExportFile {
  contentType: string;
  filename: string;
  body: string | Uint8Array;
}

export interface ExportOptions {
  /** Base of the file name, e.g. the map id. */
  name?: string;
  /** Kumu: a workbook (default), a zip of two CSV files, or a JSON blueprint. */
  kumu?: "xlsx" | "csv" | "json";
}

/** Async because the XLSX writer is. */
export type Exporter = (bundle: Bundle, options?: ExportOptions) => Promise<ExportFile>;
