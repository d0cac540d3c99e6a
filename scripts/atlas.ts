#!/usr/bin/env tsx
// The atlas command line: imports files into a map and exports maps, through the API or straight to Neo4j.
//
//   atlas import <file> --map <id> [--format csv|json|kumu|gexf|graphml|hsds|360giving] [--dry-run]
//                [--api URL | --neo4j BOLT-URI]
//   atlas export --map <id> --format json|csv|kumu|gexf|graphml [--out FILE|-] [--api URL | --neo4j BOLT-URI]
//
// Through the API, uploads stream the file as multipart (field `file`) so a progress bar can follow the bytes; imports
// the API runs as jobs (it answers 202 with a jobId) are followed by polling their progress. That mode needs only
// Node's built-ins and cli-progress. With --neo4j the server's own code runs here instead (server/services/import-run
// and the AtlasStore, loaded only then), so both modes check, write and print an import the same way.
import { createReadStream, createWriteStream } from "node:fs";
import { stat, writeFile } from "node:fs/promises";
import { basename } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { randomUUID } from "node:crypto";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import cliProgress from "cli-progress";
import { instancePassword } from "./neo4j";
import type { ExportFormat, Format } from "../server/formats/types";
import type { AtlasStore } from "../server/store/atlas-store";

const IMPORT_FORMATS = [
  "json",
  "csv",
  "kumu",
  "gexf",
  "graphml",
  "hsds",
  "360giving",
] as const satisfies readonly Format[];
const EXPORT_FORMATS = ["json", "csv", "kumu", "gexf", "graphml"] as const satisfies readonly ExportFormat[];
const EXTENSIONS: Record<ExportFormat, string> = {
  json: "json",
  csv: "zip",
  kumu: "xlsx",
  gexf: "gexf",
  graphml: "graphml",
};
const POLL_MS = 500;

const USAGE = `Usage:
  atlas import <file> --map <id> [--format <format>] [--dry-run] [--api <url> [--token <token>] | --neo4j <bolt-uri>]
  atlas export --map <id> --format <format> [--out <file>|-] [--api <url> [--token <token>] | --neo4j <bolt-uri>]

Import formats: ${IMPORT_FORMATS.join(", ")} (guessed from the file when not given).
Export formats: ${EXPORT_FORMATS.join(", ")}.
Several CSV files go in one zip (actors.csv, relationships.csv, needs.csv, offerings.csv...).
The map must exist. An import upserts by id and writes nothing if the file has any error (exit code 1).

Through the API by default: --api, else $ATLAS_API, else http://localhost:3000, as the account of the API token
given by --token, else $ATLAS_TOKEN (create one under your account menu; an import needs an editor's token).
--neo4j <bolt-uri> goes straight to that Neo4j server instead, with no API running, as user $NEO4J_USER
(default neo4j) with password $NEO4J_PASSWORD (default: the one "npm start" generated for its own Neo4j).
$NEO4J_URI is never used on its own: write --neo4j "$NEO4J_URI".`;

class UsageError extends Error {}

/** Sent with every API request: the API token's Authorization header, when there is one. */
const credentials: Record<string, string> = {};

/** Where the CLI sends its work: the API's base URL, or a Neo4j server it reaches itself. */
type Target = { api: string } | { neo4j: string };

/** An issue as the API reports it: a refusal's carry `field` ("actors.csv, row 3, column type"), a report's a level. */
interface Issue {
  level?: string;
  code?: string;
  message: string;
  file?: string;
  row?: number;
  column?: string;
  field?: string;
}

/** What the API answers with, as far as the CLI relies on it. */
interface ApiError {
  message?: string;
  error?: string;
  issues?: Issue[];
  report?: { issues?: Issue[]; omittedIssues?: number };
}

interface JobState {
  status?: string;
  progress?: number | { done?: number; total?: number; phase?: string };
  result?: unknown;
  error?: string | ApiError;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      map: { type: "string", short: "m" },
      format: { type: "string", short: "f" },
      "dry-run": { type: "boolean", default: false },
      out: { type: "string", short: "o" },
      api: { type: "string" },
      token: { type: "string" },
      neo4j: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  if (values.api !== undefined && values.neo4j !== undefined) throw new UsageError("give --api or --neo4j, not both");
  if (values.neo4j === "") throw new UsageError("--neo4j needs a bolt URI, e.g. bolt://localhost:7687");
  const target: Target =
    values.neo4j !== undefined
      ? { neo4j: values.neo4j }
      : { api: (values.api || process.env.ATLAS_API || "http://localhost:3000").replace(/\/+$/, "") };
  if (!values.map) throw new UsageError("--map <id> is required");
  const token = values.token ?? process.env.ATLAS_TOKEN;
  if (token) credentials.authorization = `Bearer ${token}`;
  const map = values.map;
  switch (command) {
    case "import": {
      if (rest.length !== 1) throw new UsageError("import takes one file (zip several CSV files together)");
      const format = values.format;
      if (format !== undefined && !(IMPORT_FORMATS as readonly string[]).includes(format)) {
        throw new UsageError(`unknown import format '${format}'; use one of ${IMPORT_FORMATS.join(", ")}`);
      }
      const [file] = rest as [string];
      const dryRun = values["dry-run"]!;
      return "api" in target
        ? importFile(target.api, encodeURIComponent(map), file, format, dryRun)
        : withStore(target.neo4j, (store) => importDirect(store, map, file, format as Format | undefined, dryRun));
    }
    case "export": {
      const format = values.format;
      if (!format || !(EXPORT_FORMATS as readonly string[]).includes(format)) {
        throw new UsageError(`export needs --format, one of ${EXPORT_FORMATS.join(", ")}`);
      }
      return "api" in target
        ? exportMap(target.api, encodeURIComponent(map), format as ExportFormat, values.out)
        : withStore(target.neo4j, (store) => exportDirect(store, map, format as ExportFormat, values.out));
    }
    default:
      throw new UsageError(`unknown command '${command}'`);
  }
}

function bar(label: string, unit: "bytes" | "items") {
  const format =
    unit === "bytes"
      ? `${label} [{bar}] {percentage}% | {value_mb}/{total_mb} MB | {eta_formatted}`
      : `${label} [{bar}] {percentage}% | {value}/{total} | {eta_formatted}`;
  return new cliProgress.SingleBar(
    { format, hideCursor: true, clearOnComplete: false, etaBuffer: 20, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
}

const mb = (n: number) => (n / 1024 / 1024).toFixed(1);

async function importFile(
  api: string,
  map: string,
  path: string,
  format: string | undefined,
  dryRun: boolean,
): Promise<number> {
  const size = (await stat(path)).size;
  const name = basename(path);
  const boundary = `----atlas-${randomUUID()}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name.replace(/"/g, "%22")}"\r\n` +
      "Content-Type: application/octet-stream\r\n\r\n",
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const upload = bar("Uploading", "bytes");
  upload.start(size, 0, { value_mb: mb(0), total_mb: mb(size) });
  let sent = 0;
  async function* body() {
    yield head;
    for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) {
      sent += (chunk as Buffer).length;
      upload.update(sent, { value_mb: mb(sent), total_mb: mb(size) });
      yield chunk as Buffer;
    }
    yield tail;
  }
  const query = new URLSearchParams();
  if (format) query.set("format", format);
  if (dryRun) query.set("dryRun", "true");
  const url = `${api}/api/maps/${map}/import${query.size ? `?${query}` : ""}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: {
        ...credentials,
        "content-type": `multipart/form-data; boundary=${boundary}`,
        "content-length": String(head.length + size + tail.length),
      },
      body: Readable.toWeb(Readable.from(body())) as ReadableStream<Uint8Array>,
      duplex: "half",
    } as RequestInit);
  } finally {
    upload.stop();
  }
  if (response.status === 202) {
    const { jobId } = (await response.json()) as { jobId: string };
    return followJob(api, map, jobId, dryRun);
  }
  return printOutcome(response, dryRun);
}

/** Polls a running import until it ends, showing its progress. */
async function followJob(api: string, map: string, jobId: string, dryRun: boolean): Promise<number> {
  console.error(`Import running as job ${jobId}`);
  const progress = bar("Importing", "items");
  let started = false;
  try {
    for (;;) {
      const response = await fetch(`${api}/api/maps/${map}/imports/${encodeURIComponent(jobId)}`, {
        headers: credentials,
      });
      if (!response.ok) return printOutcome(response, dryRun);
      const job = (await response.json()) as JobState;
      const { done, total } = progressOf(job.progress);
      if (total) {
        if (!started) progress.start(total, 0);
        started = true;
        progress.setTotal(total);
        progress.update(done);
      }
      const status = (job.status ?? "").toLowerCase();
      if (["done", "completed", "complete", "succeeded", "success", "finished"].includes(status)) {
        progress.stop();
        printResult(job.result ?? job, dryRun);
        return 0;
      }
      if (["failed", "error", "errored", "cancelled", "canceled"].includes(status)) {
        progress.stop();
        printErrors(
          typeof job.error === "string" ? { message: job.error } : (job.error ?? (job.result as ApiError) ?? {}),
        );
        return 1;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    progress.stop();
  }
}

/** Jobs report progress as a fraction, a percentage or {done, total}: all read as done/total. */
function progressOf(progress: JobState["progress"]): { done: number; total: number } {
  if (typeof progress === "number")
    return progress <= 1 ? { done: Math.round(progress * 100), total: 100 } : { done: progress, total: 100 };
  if (progress && typeof progress === "object" && typeof progress.total === "number") {
    return { done: progress.done ?? 0, total: progress.total };
  }
  return { done: 0, total: 0 };
}

async function printOutcome(response: Response, dryRun: boolean): Promise<number> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: shown as is.
  }
  if (!response.ok) {
    console.error(`Import failed: ${response.status} ${response.statusText}`);
    printErrors(typeof body === "object" && body ? (body as ApiError) : { message: String(body) });
    return 1;
  }
  printResult(body, dryRun);
  return 0;
}

function printResult(result: unknown, dryRun: boolean): void {
  const r = (result ?? {}) as {
    counts?: Record<string, number>;
    report?: { counts?: Record<string, number>; issues?: Issue[] };
    changes?: Record<string, { created: number; updated: number }>;
  };
  const counts = r.counts ?? r.report?.counts ?? (result as Record<string, number>);
  const parts = Object.entries(counts ?? {})
    .filter(([, n]) => typeof n === "number")
    .map(([k, n]) => `${n} ${k}`);
  console.log(
    `${dryRun ? "Dry run, nothing written. Would import" : "Imported"}: ${parts.join(", ") || JSON.stringify(result)}`,
  );
  // A dry run tells what is new to the map from what it would overwrite.
  const changed = Object.entries(r.changes ?? {}).filter(([, c]) => c.created + c.updated > 0);
  if (changed.length) {
    console.log(`  ${changed.map(([kind, c]) => `${kind}: ${c.created} new, ${c.updated} updated`).join("; ")}`);
  }
  const warnings = (r.report?.issues ?? []).filter((i) => i.level === "warning");
  for (const w of warnings.slice(0, 20)) console.log(`  warning: ${where(w)}${w.message}`);
  if (warnings.length > 20) console.log(`  ... and ${warnings.length - 20} more warnings`);
}

function printErrors(error: ApiError): void {
  const issues = error.issues ?? error.report?.issues?.filter((i) => i.level !== "warning") ?? [];
  const message = headline(error.message ?? error.error, issues);
  if (message) console.error(`  ${message}`);
  for (const issue of issues.slice(0, 50)) console.error(`  ${where(issue)}${issue.message}`);
  const more = issues.length - Math.min(issues.length, 50) + (error.report?.omittedIssues ?? 0);
  if (more > 0) console.error(`  ... and ${more} more`);
}

/**
 * The API's messages end with the first issues spelled `field: message` ("The upload has 5 errors; nothing was
 * written. actors.csv, row 3, column type: ...; ..."), and every issue is listed below it: keep what comes before.
 */
function headline(message: string | undefined, issues: Issue[]): string | undefined {
  const first = issues[0];
  if (!message || first?.field === undefined) return message;
  const at = message.indexOf(`${first.field}: ${first.message}`);
  return at < 0 ? message : message.slice(0, at).trim() || undefined;
}

function where(issue: Issue): string {
  // The API's refusals already spell the place out in `field` ("actors.csv, row 3, column type").
  if (issue.field && issue.file && issue.field.startsWith(issue.file)) return `${issue.field}: `;
  const place = [
    issue.file,
    issue.row !== undefined ? `row ${issue.row}` : undefined,
    issue.column ? `[${issue.column}]` : undefined,
    issue.field,
  ]
    .filter(Boolean)
    .join(" ");
  return place ? `${place}: ` : "";
}

async function exportMap(api: string, map: string, format: ExportFormat, out: string | undefined): Promise<number> {
  const response = await fetch(`${api}/api/maps/${map}/export?format=${format}`, { headers: credentials });
  if (!response.ok || !response.body) {
    console.error(`Export failed: ${response.status} ${response.statusText}`);
    printErrors(((await response.json().catch(() => ({}))) as ApiError) ?? {});
    return 1;
  }
  const disposition = response.headers.get("content-disposition") ?? "";
  const suggested = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1];
  const target =
    out ?? (suggested ? decodeURIComponent(basename(suggested)) : `${decodeURIComponent(map)}.${EXTENSIONS[format]}`);
  const total = Number(response.headers.get("content-length") ?? 0);
  const download = bar("Downloading", "bytes");
  const toFile = target !== "-";
  if (toFile && total) download.start(total, 0, { value_mb: mb(0), total_mb: mb(total) });
  let received = 0;
  const source = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
  source.on("data", (chunk: Buffer) => {
    received += chunk.length;
    if (toFile && total) download.update(received, { value_mb: mb(received), total_mb: mb(total) });
  });
  await pipeline(source, toFile ? createWriteStream(target) : process.stdout);
  download.stop();
  if (toFile) console.error(`Wrote ${target} (${mb(received)} MB)`);
  return 0;
}

// ---- straight to Neo4j ----------------------------------------------------------------------------

/** Runs `work` on an AtlasStore built as the API builds it (server/plugins/neo4j.ts), closing the driver after. */
async function withStore(uri: string, work: (store: AtlasStore) => Promise<number>): Promise<number> {
  const [{ default: neo4j }, { AtlasStore }, { loadTaxonomy }] = await Promise.all([
    import("neo4j-driver"),
    import("../server/store/atlas-store"),
    import("../server/seed"),
  ]);
  // The server's defaults (server/config.ts), so the managed Neo4j of `npm start` needs only --neo4j.
  const user = process.env.NEO4J_USER ?? "neo4j";
  const driver = neo4j.driver(
    uri,
    neo4j.auth.basic(user, process.env.NEO4J_PASSWORD ?? instancePassword("dev").password),
    {
      disableLosslessIntegers: true,
      connectionTimeout: 5_000,
    },
  );
  try {
    try {
      await driver.verifyConnectivity();
    } catch (err) {
      throw new Error(`cannot reach Neo4j at ${uri} as ${user}: ${(err as Error).message}`, { cause: err });
    }
    // The store applies cypher/schema.cypher itself before its first query, as it does for the API.
    return await work(new AtlasStore(driver, loadTaxonomy()));
  } finally {
    await driver.close();
  }
}

/** What the import route does with an upload, here with the file where it lies; prints what the API mode prints. */
async function importDirect(
  store: AtlasStore,
  mapId: string,
  path: string,
  format: Format | undefined,
  dryRun: boolean,
): Promise<number> {
  const { errorBodyOf, importFiles } = await import("../server/services/import-run");
  const { filesSource } = await import("../server/services/uploads");
  const file = { name: basename(path), path, size: (await stat(path)).size };
  const progress = bar("Writing", "items");
  let started = false;
  const streams: Readable[] = [];
  try {
    // Before reading the file, as the route does: a missing map is a 404.
    await store.getMap(mapId);
    const result = await importFiles(store, filesSource([file], format, streams), {
      mapId,
      query: { dryRun },
      progress: ({ phase, done, total }) => {
        if (phase !== "write" || !total) return;
        if (!started) progress.start(total, 0);
        started = true;
        progress.setTotal(total);
        progress.update(done);
      },
    });
    progress.stop();
    printResult(result, dryRun);
    return 0;
  } catch (err) {
    progress.stop();
    const body = errorBodyOf(err);
    if (!body) throw err;
    console.error(`Import failed: ${body.statusCode} ${body.error}`);
    printErrors(body);
    return 1;
  } finally {
    for (const stream of streams) stream.destroy();
  }
}

/** What the export route sends, written where the API mode would write it. */
async function exportDirect(
  store: AtlasStore,
  mapId: string,
  format: ExportFormat,
  out: string | undefined,
): Promise<number> {
  const [{ exporters }, { errorBodyOf }] = await Promise.all([
    import("../server/formats"),
    import("../server/services/import-run"),
  ]);
  let file: Awaited<ReturnType<(typeof exporters)[ExportFormat]>>;
  try {
    file = await exporters[format](await store.exportBundle(mapId), { name: mapId });
  } catch (err) {
    const body = errorBodyOf(err);
    if (!body) throw err;
    console.error(`Export failed: ${body.statusCode} ${body.error}`);
    printErrors(body);
    return 1;
  }
  const bytes = typeof file.body === "string" ? Buffer.from(file.body) : file.body;
  const target = out ?? file.filename;
  if (target === "-") {
    await pipeline(Readable.from([bytes]), process.stdout);
    return 0;
  }
  await writeFile(target, bytes);
  console.error(`Wrote ${target} (${mb(bytes.byteLength)} MB)`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      console.error(`atlas: ${(err as Error).message}\n\n${USAGE}`);
      process.exit(2);
    }
    const cause = (err as { cause?: { code?: string } }).cause;
    if (cause?.code === "ECONNREFUSED")
      console.error("atlas: cannot reach the API; is the server running (npm start)? Use --api to point elsewhere.");
    else console.error(`atlas: ${(err as Error).message}`);
    process.exit(1);
  },
);
