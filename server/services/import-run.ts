// One import of files on disk into a map, as the import route runs it for an upload and the atlas command line runs it
// in its direct mode (`--neo4j`): take the files as services/uploads.ts hands them over (sniffed when no format is
// given), convert them with the formats importer (checked against the map's existing ids), and, unless a dry run,
// upsert the bundle with the store's importBundle, all or nothing. Files with error-level issues throw ImportRefusedError, whose body is the route's 400.
// Kept apart from Fastify so both callers run the same code and print the same outcome.
import { importData, type ImportIssue as FormatIssue, type ImportOptions, type ImportReport } from "../formats";
import type { Bundle as BundleData } from "../schemas/domain";
import type { ImportError as ImportErrorBody, ImportQuery, ImportResult as ImportResultBody } from "../schemas/imports";
import type { AtlasStore } from "../store/atlas-store";
import { InvalidReferenceError } from "../domain/errors";
import { relationshipIds } from "../domain/ids";
import { fromNeo4jError } from "../store/neo4j-errors";
import type { ReportProgress } from "./import-jobs";
import type { ImportSource } from "./uploads";

type MapIds = Awaited<ReturnType<AtlasStore["existingIds"]>>;

// ---- errors ---------------------------------------------------------------------------------------

/** The files hold errors: the answer lists them all with the importer's report. Nothing was written. */
export class ImportRefusedError extends Error {
  readonly statusCode = 400;
  readonly body: ImportErrorBody;
  constructor(report: ImportReport) {
    const problems = report.issues.filter((i) => i.level === "error");
    const shown = problems.slice(0, 3).map((i) => `${whereOf(i)}: ${reasonOf(i)}`);
    const count = problems.length + report.omittedIssues;
    const more = count - shown.length;
    super(
      `The upload has ${count} error${count === 1 ? "" : "s"}; ` +
        `nothing was written. ${shown.join("; ")}${more > 0 ? `; and ${more} more` : ""}`,
    );
    this.body = {
      statusCode: 400,
      error: "Bad Request",
      message: this.message,
      issues: problems.map((i) => ({
        field: whereOf(i),
        message: reasonOf(i),
        code: i.code,
        ...(i.file === undefined ? {} : { file: i.file }),
        ...(i.row === undefined ? {} : { row: i.row }),
        ...(i.column === undefined ? {} : { column: i.column }),
      })),
      report,
    };
  }
}

/** "actors.csv, row 4, column type", or "grants.json, grants[3].amountAwarded": what a person can go and fix. */
export function whereOf(issue: FormatIssue): string {
  const parts = [
    issue.file,
    issue.row === undefined ? undefined : `row ${issue.row}`,
    issue.column === undefined ? undefined : `column ${issue.column}`,
    // CSV issues may repeat the column as the field they map to.
    issue.field === issue.column ? undefined : issue.field,
  ];
  return parts.filter((p) => p !== undefined && p !== "").join(", ") || "upload";
}

/** The message without the path that some importers put in front of it, since `field` already says where. */
export function reasonOf(issue: FormatIssue): string {
  const prefix = issue.field ? `${issue.field}: ` : undefined;
  return prefix && issue.message.startsWith(prefix) ? issue.message.slice(prefix.length) : issue.message;
}

const REASONS: Record<number, string> = {
  400: "Bad Request",
  404: "Not Found",
  409: "Conflict",
  413: "Payload Too Large",
};

/**
 * The error body a failed import or export answers with (a refusal, a missing map, a bad reference, Neo4j away), or
 * undefined for an unexpected error, which the caller logs and reports as a 500.
 */
export function errorBodyOf(err: unknown): ImportErrorBody | undefined {
  if (err instanceof ImportRefusedError) return err.body;
  const error = fromNeo4jError(err) as Error & { statusCode?: number };
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return {
      statusCode: status,
      error: REASONS[status] ?? "Bad Request",
      message: error.message,
      ...(error instanceof InvalidReferenceError ? { issues: error.issues } : {}),
    };
  }
  if (status === 503) return { statusCode: 503, error: "Service Unavailable", message: error.message };
  return undefined;
}

// ---- running an import ----------------------------------------------------------------------------

/** Per kind, how many items of the bundle the map lacks (created) and already holds (updated). */
export function changesOf(bundle: BundleData, existing: MapIds) {
  const split = (ids: (string | undefined)[], inMap: Set<string>) => {
    const updated = ids.filter((id) => id !== undefined && inMap.has(id)).length;
    return { created: ids.length - updated, updated };
  };
  const idsOf = (list: { id?: string }[]) => list.map((item) => item.id);
  return {
    categories: split(idsOf(bundle.categories), existing.categories),
    actors: split(idsOf(bundle.actors), existing.actors),
    relationships: split(relationshipIds(bundle.relationships), existing.relationships),
    needs: split(idsOf(bundle.needs), existing.needs),
    offerings: split(idsOf(bundle.offerings), existing.offerings),
    commitments: split(idsOf(bundle.commitments), existing.commitments),
  };
}

export interface ImportRequest {
  mapId: string;
  query: Pick<ImportQuery, "dryRun"> & Partial<Pick<ImportQuery, "entity" | "delimiter" | "encoding">>;
  progress: ReportProgress;
}

/** Converts, checks and (unless a dry run) writes `files`; throws ImportRefusedError when they hold errors. */
export async function importFiles(
  store: AtlasStore,
  files: () => Promise<ImportSource>,
  { mapId, query, progress }: ImportRequest,
): Promise<ImportResultBody> {
  const existing = await store.existingIds(mapId);
  // Items without a unit are counted in their category's default; the report names each one.
  const categoryUnits = Object.fromEntries(
    (await store.listCategories(mapId)).flatMap((c) => (c.unit ? [[c.id, c.unit]] : [])),
  );
  const input = await files();
  const options: ImportOptions = {
    known: existing,
    categoryUnits,
    ...(query.entity ? { entity: query.entity } : {}),
    ...(query.delimiter ? { delimiter: query.delimiter } : {}),
    ...(query.encoding ? { encoding: query.encoding } : {}),
    onProgress: (p) => {
      const total = p.total ?? (p.file ? input.sizes.get(p.file) : undefined) ?? 0;
      progress({ phase: p.phase, done: p.done, total });
    },
  };
  const { bundle, report } = await importData({ files: input.files, format: input.format, options });
  if (!bundle) throw new ImportRefusedError(report);
  if (query.dryRun) return { dryRun: true, counts: report.counts, changes: changesOf(bundle, existing), report };
  const total = report.counts;
  progress({ phase: "write", done: 0, total: Object.values(total).reduce((a, b) => a + b, 0) });
  const counts = await store.importBundle(mapId, bundle, {
    // The store passes `committed` when a chunk has landed: what a job interrupted later still leaves in the map.
    onProgress: (done, all, committed?: boolean) => progress({ phase: "write", done, total: all }, committed),
  });
  return { counts, report };
}
