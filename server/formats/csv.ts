// Atlas's own CSV format: one file per kind of item (actors.csv, relationships.csv, needs.csv, offerings.csv, and
// categories.csv and commitments.csv for a full round trip), alone or zipped together. Files are parsed as streams
// (csv-parse), so a 100 MB file is never one string; each row is validated with the domain's zod schemas and every
// bad row is reported with its line, column and reason. Any error means no bundle. Zipped files are inflated as they
// are parsed, and the row, column and record-size limits stop the parse at the first record past them, so what an
// import holds is bounded by the limits, never by the size of the file. Headers are documented in
// server/formats/README.md. Here: the files read and parsed; csv-header.ts maps headers, csv-rows.ts turns records into
// items, csv-export.ts writes the files.
import { Readable } from "node:stream";
import { setImmediate as nextTurn } from "node:timers/promises";
import { pipeline } from "node:stream/promises";
import { parse } from "csv-parse";
import { CSV_ENTITIES } from "../schemas/imports";
import { checkBundle, emptyResult, finish } from "./bundle-check";
import { entityOfFileName, planHeader, type Column } from "./csv-header";
import { restoreFormula } from "./formulas";
import { csvErrorColumn } from "./sheets";
import { readRow, type CsvState } from "./csv-rows";
import { IdTable } from "./ids";
import { Issues, Origins, StopImport } from "./issues";
import { limitsOf, MAX_ITEMS, tooManyItems, tooManyRows } from "./limits";
import { byteChunks, decodeChunks, isReadable, READ_CHUNK_BYTES, readAll } from "./text";
import type { CsvEntity, ImportFile, ImportInput, ImportResult, Limits } from "./types";
import { isZip, zipStreams } from "./zip";

/** Imports CSV files, a zip of them, or one CSV given as a Buffer (its entity from `options.entity` or its header). */
export async function importCsv(input: ImportInput): Promise<ImportResult> {
  const options = input.options ?? {};
  const issues = new Issues(options.maxIssues);
  const limits = limitsOf(options);
  const given: ImportFile[] = Buffer.isBuffer(input.files) ? [{ name: "data.csv", data: input.files }] : input.files;
  const names = given.map((f) => f.name);
  const state: CsvState = {
    issues,
    options,
    limits,
    ids: {
      actors: new IdTable("actor", issues),
      needs: new IdTable("need", issues),
      offerings: new IdTable("offering", issues),
      relationships: new IdTable("relationship", issues),
      commitments: new IdTable("commitment", issues),
    },
    bundle: { categories: [], actors: [], relationships: [], needs: [], offerings: [], commitments: [] },
    origins: new Origins(),
    rows: 0,
    rowsOf: {},
    unmapped: new Map(),
    derivedActorIds: 0,
  };

  try {
    const files = await expandZips(given, limits, issues);
    if (!files.length) {
      issues.error("empty", "no CSV file to import");
      return emptyResult("csv", names, issues);
    }
    const planned: { file: ImportFile; entity: CsvEntity | undefined }[] = [];
    for (const file of files) {
      const entity = entityOfFileName(file.name) ?? (files.length === 1 ? options.entity : undefined);
      if (!entity && files.length > 1) {
        issues.error(
          "unexpected_file",
          `cannot tell what ${file.name} holds: name files actors.csv, relationships.csv, needs.csv, offerings.csv, categories.csv or commitments.csv`,
          { file: file.name },
        );
        continue;
      }
      planned.push({ file, entity });
    }
    // References resolve through the id tables, so the files that define ids go first.
    planned.sort((a, b) => order(a.entity) - order(b.entity));
    for (const { file, entity } of planned) await readCsvFile(file, entity, state);
  } catch (err) {
    if (!(err instanceof StopImport)) throw err;
    issues.error(err.code, err.message, err.where);
    return emptyResult("csv", names, issues, state.rows);
  }
  if (state.derivedActorIds > 0) {
    issues.warn(
      "id_changed",
      `${state.derivedActorIds} actors have no id column value; their ids were made from their names`,
    );
  }
  if (issues.errors === 0) checkBundle(state.bundle, issues, state.origins, options, state.unmapped);
  return finish("csv", names, state.rows, state.bundle, issues);
}

function order(entity: CsvEntity | undefined): number {
  return entity ? CSV_ENTITIES.indexOf(entity) : -1;
}

/**
 * Replaces each zip by its CSV entries (checked for size and count before anything is inflated), as streams that
 * inflate as they are parsed. The zip's compressed bytes are held, within the per-file limit.
 */
async function expandZips(files: ImportFile[], limits: Limits, issues: Issues): Promise<ImportFile[]> {
  const out: ImportFile[] = [];
  for (const file of files) {
    const byName = file.name.toLowerCase().endsWith(".zip");
    let head: Uint8Array | undefined;
    if (!isReadable(file.data)) head = file.data;
    if (!byName && !(head && isZip(head))) {
      out.push(file);
      continue;
    }
    const bytes = await readAll(file, limits.maxFileBytes);
    for (const entry of zipStreams(bytes, file.name, limits)) {
      const name = `${file.name}/${entry.name}`;
      if (!entry.name.toLowerCase().endsWith(".csv")) {
        issues.warn("unexpected_file", `${entry.name} in ${file.name} is not a CSV file and was ignored`, {
          file: name,
        });
        continue;
      }
      out.push({ name, data: entry.data });
    }
  }
  return out;
}

async function readCsvFile(file: ImportFile, entityHint: CsvEntity | undefined, state: CsvState): Promise<void> {
  const { issues, options, limits } = state;
  const total = isReadable(file.data) ? undefined : file.data.byteLength;
  let read = 0;
  let reported = 0;
  const progress = (n: number) => {
    read += n;
    if (options.onProgress && read - reported >= 4 * READ_CHUNK_BYTES) {
      reported = read;
      options.onProgress({ phase: "parse", file: file.name, done: read, total });
    }
  };
  // Records are handled in csv-parse's 'data' events, which fire as each record is parsed: the line count below stays
  // in step with the parser, so an error names the line its record starts on. Lines are counted here rather than
  // asked of csv-parse (`info`, on_record), which builds an info object per record and costs a third of the time.
  const parser = parse({
    delimiter: options.delimiter ?? ",",
    relax_column_count: true,
    skip_empty_lines: false,
    bom: false,
    max_record_size: limits.maxRecordChars,
  });
  const source = Readable.from(
    headerGuard(
      decodeChunks(byteChunks(file, limits.maxFileBytes, progress), file.name, options.encoding),
      file.name,
      options.delimiter ?? ",",
      limits.maxColumns,
    ),
  );

  let line = 1;
  let header: Column[] | undefined;
  let entity = entityHint;
  let columns: Record<string, string> = {};
  let stop = false;
  // A limit reached: the parse stops at once and the import reports it.
  let overLimit: StopImport | undefined;
  const halt = (reason?: StopImport) => {
    stop = true;
    overLimit = reason;
    source.destroy();
  };
  parser.on("data", (record: string[]) => {
    const row = line;
    line += 1;
    for (const value of record) if (value.includes("\n")) line += value.split("\n").length - 1;
    if (stop || (record.length === 1 && record[0]!.trim() === "")) return;
    if (record.length > limits.maxColumns) {
      halt(
        new StopImport(
          "too_large",
          `${file.name}: the record on line ${row} has ${record.length} columns; at most ${limits.maxColumns} are allowed`,
          { file: file.name, row },
        ),
      );
      return;
    }
    // Text the export neutralised against spreadsheet formulas reads back as it was written.
    for (let i = 0; i < record.length; i++) record[i] = restoreFormula(record[i]!);
    if (!header) {
      const planned = planHeader(record, entity, file.name, issues, options);
      if (!planned) {
        halt();
        return;
      }
      ({ columns: header, entity } = planned);
      columns = Object.fromEntries(header.filter((c) => c.field).map((c) => [c.field!, c.header]));
      return;
    }
    state.rows++;
    const ofEntity = (state.rowsOf[entity!] = (state.rowsOf[entity!] ?? 0) + 1);
    if (ofEntity > MAX_ITEMS[entity!]) return halt(tooManyItems(entity!, file.name, row));
    if (state.rows > limits.maxRows) return halt(tooManyRows(limits.maxRows, file.name, row));
    readRow(record, row, header, entity!, columns, file.name, state);
  });
  try {
    await pipeline(source, parser);
  } catch (err) {
    if (overLimit) throw overLimit;
    if (stop) return;
    throw csvError(
      err,
      file.name,
      line,
      header?.map((c) => c.header),
      limits.maxRecordChars,
    );
  }
  if (overLimit) throw overLimit;
  if (!header) issues.error("empty", `${file.name} is empty: it has no header line`, { file: file.name });
  options.onProgress?.({ phase: "parse", file: file.name, done: read, total });
}

/** Characters handed to the parser at a time. */
const PARSE_PIECE_CHARS = 64 * 1024;

/**
 * Refuses a header line of more delimiters than the column limit before the parser sees it: csv-parse takes seconds
 * over a record of a hundred thousand fields, all of it on the event loop. A quoted delimiter counts too, which only
 * matters for a header of a thousand of them.
 */
async function* headerGuard(
  text: AsyncIterable<string>,
  file: string,
  delimiter: string,
  maxColumns: number,
): AsyncGenerator<string> {
  let delimiters = 0;
  let inHeader = true;
  for await (const chunk of text) {
    if (inHeader) {
      const end = chunk.indexOf("\n");
      const head = end < 0 ? chunk : chunk.slice(0, end);
      for (let i = head.indexOf(delimiter); i >= 0; i = head.indexOf(delimiter, i + delimiter.length)) delimiters++;
      if (delimiters >= maxColumns) {
        throw new StopImport(
          "too_large",
          `${file}: the header line has more than ${maxColumns} columns; at most ${maxColumns} are allowed`,
          { file, row: 1 },
        );
      }
      if (end >= 0) inHeader = false;
    }
    // Parsed a piece at a time with a turn of the event loop between: a 256 kB chunk is a quarter second of work.
    for (let i = 0; i < chunk.length; i += PARSE_PIECE_CHARS) {
      if (i > 0) await nextTurn();
      yield chunk.length <= PARSE_PIECE_CHARS ? chunk : chunk.slice(i, i + PARSE_PIECE_CHARS);
    }
  }
}

function csvError(
  err: unknown,
  file: string,
  recordStart: number,
  header: readonly string[] | undefined,
  maxRecordChars: number,
): StopImport {
  if (err instanceof StopImport) return err;
  const e = err as { code?: string; message?: string; lines?: number };
  const line = e.lines;
  const column = csvErrorColumn(err, header);
  switch (e.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return new StopImport(
        "malformed",
        `${file}: a quoted field${column ? ` (${column})` : ""} opened in the record starting on line ${recordStart} is never closed (the file ends inside quotes)`,
        { file, row: recordStart, column },
      );
    case "CSV_MAX_RECORD_SIZE":
      return new StopImport(
        "malformed",
        `${file}: the record starting on line ${recordStart} runs over ${maxRecordChars} characters: most likely a quote that is never closed`,
        { file, row: recordStart, column },
      );
    case "CSV_INVALID_CLOSING_QUOTE":
    case "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE":
      return new StopImport(
        "malformed",
        `${file}: line ${line ?? recordStart}${column ? `, ${column}` : ""}: a quote closes a field but more text follows it; quotes inside a quoted field must be doubled ("")`,
        { file, row: line ?? recordStart, column },
      );
    default:
      return new StopImport("malformed", `${file}: line ${line ?? recordStart}: ${e.message ?? String(err)}`, {
        file,
        row: line ?? recordStart,
        column,
      });
  }
}
