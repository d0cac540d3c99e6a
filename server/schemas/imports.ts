// Query and response shapes of the import and export endpoints (/api/maps/:mapId/import, /imports/:jobId, /export),
// and the importers' report and issue (their counts are ImportCounts in ./api), which server/formats takes its types
// from. Named schemas become components of the OpenAPI document.
import { z } from "zod";
import { ErrorResponse, ImportCounts } from "./api";
import { Id } from "./domain";

export const FORMATS = ["json", "csv", "kumu", "gexf", "graphml", "hsds", "360giving"] as const;
export type Format = (typeof FORMATS)[number];
/** Formats a map can be written to; HSDS and 360Giving describe services and grants, not whole maps. */
export const EXPORT_FORMATS = ["json", "csv", "kumu", "gexf", "graphml"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * The format a file's (lower-case, base) name points to before its contents are read: the server's sniffing starts
 * from it and the import dialog shows it as a first guess. Undefined when the name says nothing.
 */
export function formatOfFileName(name: string): Format | undefined {
  const ext = /\.([a-z0-9]+)$/.exec(name)?.[1];
  if (ext === "gexf" || ext === "graphml") return ext;
  if (ext === "xlsx") return /grant/.test(name) ? "360giving" : "kumu";
  if (ext === "json") return /grant/.test(name) ? "360giving" : /kumu|element|connection/.test(name) ? "kumu" : "json";
  if (ext !== "csv") return undefined;
  if (
    /^(organizations?|services?|locations?|addresses|service_at_locations?|taxonomy_terms?|attributes?)\.csv$/.test(
      name,
    )
  )
    return "hsds";
  if (/element|connection/.test(name)) return "kumu";
  if (/grant/.test(name)) return "360giving";
  return "csv";
}

/** One entity file of the CSV format (and of a CSV zip). */
export const CSV_ENTITIES = ["categories", "actors", "needs", "offerings", "relationships", "commitments"] as const;
export type CsvEntity = (typeof CSV_ENTITIES)[number];

const bool = z.stringbool();

/** Delimiters a CSV upload may name; `tab` spares callers from URL-encoding a tab. */
const DELIMITERS = { ",": ",", ";": ";", "|": "|", tab: "\t", "\t": "\t" } as const;

export const ImportQuery = z
  .object({
    format: z
      .enum(FORMATS)
      .optional()
      .describe("Format of the uploaded files; guessed from their names and contents when absent"),
    dryRun: bool.default(false).describe("Check the files and report what would change, writing nothing"),
    async: bool.default(false).describe("Run as a job (202 with a jobId) whatever the upload's size"),
    entity: z.enum(CSV_ENTITIES).optional().describe("CSV: what a lone file holds when its name does not say"),
    delimiter: z
      .enum(Object.keys(DELIMITERS) as [keyof typeof DELIMITERS, ...(keyof typeof DELIMITERS)[]])
      .optional()
      .transform((d) => (d === undefined ? undefined : DELIMITERS[d]))
      .describe("CSV: the field delimiter (default ',')"),
    encoding: z.enum(["utf-8", "latin1"]).optional().describe("Text files: latin1 reads Latin-1 deliberately"),
  })
  .strict();
export type ImportQuery = z.infer<typeof ImportQuery>;

// Any short string: an id that names no job is a 404, not a validation error.
export const JobParams = z.object({ mapId: Id, jobId: z.string().min(1).max(100) });

/** Where and why. `row` is the 1-based line in the file (the CSV header is line 1; XML files give the element's line). */
export const ImportIssue = z
  .object({
    level: z.enum(["error", "warning"]),
    code: z.string().describe("too_large, zip_bomb, malformed, unknown_column, dangling_reference, id_changed..."),
    message: z.string(),
    file: z.string().optional(),
    row: z.number().int().optional().describe("1-based line in the file (the CSV header is line 1)"),
    column: z.string().optional(),
    field: z.string().optional().describe("Path inside a JSON file, e.g. grants[3].amountAwarded"),
  })
  .meta({ id: "ImportIssue" });
export type ImportIssue = z.infer<typeof ImportIssue>;

/** What an importer read and found; its counts are what the bundle holds, all zero when there is no bundle. */
export const ImportReport = z
  .object({
    // "unknown" when the format was not given and could not be told from the files.
    format: z.enum([...FORMATS, "unknown"]),
    files: z.array(z.string()),
    rows: z.number().int().describe("Records read: CSV rows, elements and connections, nodes and edges, grants..."),
    counts: ImportCounts,
    issues: z.array(ImportIssue).describe("Errors first, then warnings"),
    omittedIssues: z.number().int().describe("Issues left out beyond the first 200"),
  })
  .meta({ id: "ImportReport" });
export type ImportReport = z.infer<typeof ImportReport>;

const Change = z.object({ created: z.number().int(), updated: z.number().int() });

export const ImportChanges = z
  .object({
    categories: Change,
    actors: Change,
    relationships: Change,
    needs: Change,
    offerings: Change,
    commitments: Change,
  })
  .meta({ id: "ImportChanges", description: "Per kind, items that are new to the map and items it already holds" });

/** A dry run: what the files hold and what importing them would change. Nothing is written. */
export const ImportPreview = z
  .object({ dryRun: z.literal(true), counts: ImportCounts, changes: ImportChanges, report: ImportReport })
  .meta({ id: "ImportPreview" });

/** An uploaded file imported: what was upserted, and the importer's warnings. */
export const ImportOutcome = z.object({ counts: ImportCounts, report: ImportReport }).meta({ id: "ImportOutcome" });

// Order matters: zod unions take the first shape that fits and drop unknown keys, and a preview also fits the outcome.
export const ImportResult = z.union([ImportPreview, ImportOutcome, ImportCounts]);
export type ImportResult = z.infer<typeof ImportResult>;

/** A refused import: every issue names where (file, row, column or JSON path) and why; nothing was written. */
export const ImportError = ErrorResponse.extend({
  issues: z
    .array(
      z.object({
        field: z.string().describe("Where, e.g. 'actors.csv, row 4, column type' or 'relationships[0].to'"),
        message: z.string(),
        code: z.string().optional(),
        file: z.string().optional(),
        row: z.number().int().optional(),
        column: z.string().optional(),
      }),
    )
    .optional(),
  report: ImportReport.optional(),
}).meta({ id: "ImportError" });
export type ImportError = z.infer<typeof ImportError>;

/** Interrupted: its API process stopped (a restart, a crash) before it finished; `error` says how far it got. */
export const JOB_STATUSES = ["running", "done", "failed", "interrupted"] as const;
export const JOB_PHASES = ["queued", "read", "parse", "validate", "write", "done"] as const;

export const JobProgress = z.object({
  phase: z.enum(JOB_PHASES),
  done: z.number().describe("Bytes read while reading and parsing, items written while writing"),
  total: z.number(),
});
export type JobProgress = z.infer<typeof JobProgress>;

export const ImportJob = z
  .object({
    id: z.string(),
    mapId: Id,
    status: z.enum(JOB_STATUSES),
    progress: JobProgress,
    result: ImportResult.optional(),
    error: ImportError.optional(),
    startedAt: z.string(),
    finishedAt: z.string().optional(),
  })
  .meta({ id: "ImportJob" });

export const ImportAccepted = z
  .object({ jobId: z.string(), status: z.literal("running"), href: z.string().describe("Where to follow the job") })
  .meta({ id: "ImportAccepted" });

export const KUMU_LAYOUTS = ["xlsx", "csv", "json"] as const;

export const ExportQuery = z
  .object({
    format: z.enum(EXPORT_FORMATS).default("json"),
    kumu: z
      .enum(KUMU_LAYOUTS)
      .optional()
      .describe("With format=kumu: a workbook (default), a CSV zip or a JSON blueprint"),
  })
  .strict()
  .refine((q) => q.kumu === undefined || q.format === "kumu", { path: ["kumu"], message: "only with format=kumu" });

/** A file of bytes: sent as they are, never serialized, so the schema only documents them. */
export const FileBody = z
  .custom<Uint8Array>((value) => value instanceof Uint8Array)
  .meta({ type: "string", format: "binary" });

/** The multipart form of an upload, for the OpenAPI document (fastify-multipart reads it, not zod). */
export const UploadForm = z.object({
  file: z.union([FileBody, z.array(FileBody)]).describe("One file, several (CSV, HSDS tabular), or a zip of them"),
});
