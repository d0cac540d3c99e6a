// Atlas's own CSV format: one file per kind of item (actors.csv, relationships.csv, needs.csv, offerings.csv, and
// categories.csv and commitments.csv for a full round trip), alone or zipped together. Files are parsed as streams
// (csv-parse), so a 100 MB file is never one string; each row is validated with the domain's zod schemas and every
// bad row is reported with its line, column and reason. Any error means no bundle. Headers are documented in
// server/formats/README.md.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parse } from "csv-parse";
import { stringify } from "csv-stringify/sync";
import { strToU8, zipSync } from "fflate";
import type { z } from "zod";
import type { Bundle } from "../schemas/domain";
import {
  ActorRow,
  actorTypeExact,
  attributeName,
  CategoryRow,
  checkBundle,
  byteChunks,
  coerceScalar,
  CommitmentRow,
  emptyResult,
  decodeChunks,
  finish,
  IdTable,
  Issues,
  isReadable,
  isZip,
  limitsOf,
  NeedRow,
  OfferingRow,
  Origins,
  parseNumber,
  READ_CHUNK_BYTES,
  readAll,
  RelationshipRow,
  relationshipTypeExact,
  slugify,
  splitList,
  StopImport,
  zodIssues,
} from "./common";
import { baseName, readZip } from "./zip";
import { CSV_ENTITIES } from "./types";
import type { CsvEntity, ImportFile, ImportInput, ImportOptions, ImportResult, Limits } from "./types";

/** The documented columns of each file, in the order exports write them. Actors also take `attr:<name>` columns. */
export const CSV_COLUMNS: Record<CsvEntity, readonly string[]> = {
  categories: ["id", "name", "parent"],
  actors: ["id", "name", "type", "description", "tags", "lat", "lon", "address", "region", "url"],
  needs: ["id", "actorId", "category", "title", "description", "quantity", "unit", "priority", "status", "dueDate"],
  offerings: [
    "id",
    "actorId",
    "category",
    "title",
    "description",
    "capacity",
    "unit",
    "modality",
    "reachKm",
    "status",
    "validFrom",
    "validUntil",
  ],
  relationships: ["id", "from", "to", "type", "weight", "amount", "since", "until"],
  commitments: ["id", "offeringId", "needId", "amount", "status", "history"],
};

/** Columns a file cannot do without. Actor, need and offering ids may be left out: they are derived then. */
export const CSV_REQUIRED: Record<CsvEntity, readonly string[]> = {
  categories: ["id", "name"],
  actors: ["name", "type"],
  needs: ["actorId", "category", "title", "quantity", "priority"],
  offerings: ["actorId", "category", "title", "capacity", "modality"],
  relationships: ["from", "to", "type"],
  commitments: ["id", "offeringId", "needId", "amount", "status"],
};

/** Other spellings accepted without a mapping, compared after `headerKey` (case, spaces and '_' ignored). */
const ALIASES: Record<string, string> = {
  latitude: "lat",
  longitude: "lon",
  lng: "lon",
  long: "lon",
  website: "url",
  actor: "actorId",
  source: "from",
  target: "to",
  offering: "offeringId",
  need: "needId",
  reach: "reachKm",
};

/** Enumerations written in any case and with spaces ("Partially met" for partially_met). */
const ENUMS = new Set(["priority", "status", "modality"]);

const SCHEMAS: Record<CsvEntity, z.ZodType> = {
  categories: CategoryRow,
  actors: ActorRow,
  needs: NeedRow,
  offerings: OfferingRow,
  relationships: RelationshipRow,
  commitments: CommitmentRow,
};

/** Records above this are surely an unclosed quote swallowing the file; stop there rather than buffer 100 MB. */
const MAX_RECORD_CHARS = 1_000_000;

function headerKey(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]+/g, "");
}

const FIELD_BY_KEY: Record<CsvEntity, Map<string, string>> = Object.fromEntries(
  CSV_ENTITIES.map((entity) => {
    const map = new Map<string, string>();
    for (const field of CSV_COLUMNS[entity]) map.set(headerKey(field), field);
    for (const [alias, field] of Object.entries(ALIASES))
      if (CSV_COLUMNS[entity].includes(field)) map.set(alias, field);
    return [entity, map];
  }),
) as Record<CsvEntity, Map<string, string>>;

const ENTITY_WORDS: ReadonlyArray<[RegExp, CsvEntity]> = [
  [/categor/, "categories"],
  [/actor/, "actors"],
  [/need/, "needs"],
  [/offer/, "offerings"],
  [/relation|ties|edges/, "relationships"],
  [/commit/, "commitments"],
];

export function entityOfFileName(name: string): CsvEntity | undefined {
  const base = baseName(name).replace(/\.[a-z0-9]+$/, "");
  return ENTITY_WORDS.find(([pattern]) => pattern.test(base))?.[1];
}

/** The entity a header describes, for a lone file whose name does not say. */
function entityOfHeader(fields: Set<string>): CsvEntity {
  if (fields.has("offeringId") && fields.has("needId")) return "commitments";
  if (fields.has("from") && fields.has("to")) return "relationships";
  if (fields.has("quantity")) return "needs";
  if (fields.has("capacity")) return "offerings";
  if (fields.has("parent") && !fields.has("type")) return "categories";
  return "actors";
}

interface Column {
  header: string;
  field?: string;
  attr?: string;
}

interface State {
  issues: Issues;
  options: ImportOptions;
  limits: Limits;
  ids: Record<"actors" | "needs" | "offerings" | "relationships" | "commitments", IdTable>;
  bundle: Bundle;
  origins: Origins;
  rows: number;
  derivedActorIds: number;
}

/** Imports CSV files, a zip of them, or one CSV given as a Buffer (its entity from `options.entity` or its header). */
export async function importCsv(input: ImportInput): Promise<ImportResult> {
  const options = input.options ?? {};
  const issues = new Issues(options.maxIssues);
  const limits = limitsOf(options);
  const given: ImportFile[] = Buffer.isBuffer(input.files) ? [{ name: "data.csv", data: input.files }] : input.files;
  const names = given.map((f) => f.name);
  const state: State = {
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
  if (issues.errors === 0) checkBundle(state.bundle, issues, state.origins, options);
  return finish("csv", names, state.rows, state.bundle, issues);
}

function order(entity: CsvEntity | undefined): number {
  return entity ? CSV_ENTITIES.indexOf(entity) : -1;
}

/** Replaces each zip by its CSV entries (checked for size and count before anything is inflated). */
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
    for (const entry of readZip(bytes, file.name, limits)) {
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

async function readCsvFile(file: ImportFile, entityHint: CsvEntity | undefined, state: State): Promise<void> {
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
    max_record_size: MAX_RECORD_CHARS,
  });
  const source = Readable.from(
    decodeChunks(byteChunks(file, limits.maxFileBytes, progress), file.name, options.encoding),
  );

  let line = 1;
  let header: Column[] | undefined;
  let entity = entityHint;
  let columns: Record<string, string> = {};
  let stop = false;
  parser.on("data", (record: string[]) => {
    const row = line;
    line += 1;
    for (const value of record) if (value.includes("\n")) line += value.split("\n").length - 1;
    if (stop || (record.length === 1 && record[0]!.trim() === "")) return;
    if (!header) {
      const planned = planHeader(record, entity, file.name, state);
      if (!planned) {
        stop = true;
        source.destroy();
        return;
      }
      ({ columns: header, entity } = planned);
      columns = Object.fromEntries(header.filter((c) => c.field).map((c) => [c.field!, c.header]));
      return;
    }
    state.rows++;
    readRow(record, row, header, entity!, columns, file.name, state);
  });
  try {
    await pipeline(source, parser);
  } catch (err) {
    if (stop) return;
    throw csvError(err, file.name, line);
  }
  if (!header) issues.error("empty", `${file.name} is empty: it has no header line`, { file: file.name });
  options.onProgress?.({ phase: "parse", file: file.name, done: read, total });
}

function csvError(err: unknown, file: string, recordStart: number): StopImport {
  if (err instanceof StopImport) return err;
  const e = err as { code?: string; message?: string; lines?: number };
  const line = e.lines;
  switch (e.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return new StopImport(
        "malformed",
        `${file}: a quoted field opened in the record starting on line ${recordStart} is never closed (the file ends inside quotes)`,
        { file, row: recordStart },
      );
    case "CSV_MAX_RECORD_SIZE":
      return new StopImport(
        "malformed",
        `${file}: the record starting on line ${recordStart} runs over ${MAX_RECORD_CHARS} characters: most likely a quote that is never closed`,
        { file, row: recordStart },
      );
    case "CSV_INVALID_CLOSING_QUOTE":
    case "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE":
      return new StopImport(
        "malformed",
        `${file}: line ${line ?? recordStart}: a quote closes a field but more text follows it; quotes inside a quoted field must be doubled ("")`,
        { file, row: line ?? recordStart },
      );
    default:
      return new StopImport("malformed", `${file}: line ${line ?? recordStart}: ${e.message ?? String(err)}`, {
        file,
        row: line ?? recordStart,
      });
  }
}

const DELIMITER_CANDIDATES = [";", "\t", "|", ","];

function planHeader(
  record: string[],
  hint: CsvEntity | undefined,
  file: string,
  state: State,
): { columns: Column[]; entity: CsvEntity } | undefined {
  const { issues, options } = state;
  const headers = record.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, "") : h).trim());
  const delimiter = options.delimiter ?? ",";
  if (headers.length === 1) {
    const found = DELIMITER_CANDIDATES.filter((d) => d !== delimiter && headers[0]!.includes(d));
    if (found.length) {
      const name = (d: string) => (d === "\t" ? "tab" : `'${d}'`);
      issues.error(
        "delimiter",
        `${file}: the header is one column, '${headers[0]!.slice(0, 80)}': the file seems to be separated by ${name(found[0]!)}, not ${name(delimiter)}. ` +
          `Save it comma-separated, or import it with delimiter=${found[0] === "\t" ? "\\t" : found[0]}`,
        { file, row: 1 },
      );
      return undefined;
    }
  }
  // A lone file whose name does not say its entity is told by its header.
  const guessKeys = new Set<string>();
  for (const h of headers)
    for (const e of CSV_ENTITIES) {
      const f = FIELD_BY_KEY[e].get(headerKey(h));
      if (f) guessKeys.add(f);
    }
  const entity = hint ?? entityOfHeader(guessKeys);
  const mapping = options.columns?.[entity] ?? {};
  const mappingLower = new Map(Object.entries(mapping).map(([k, v]) => [k.toLowerCase(), v]));
  const columns: Column[] = [];
  const unknown: string[] = [];
  const byField = new Map<string, string>();
  const badMappings: string[] = [];
  headers.forEach((header, i) => {
    if (!header) {
      issues.warn("unknown_column", `${file}: column ${i + 1} has no header and is ignored`, { file, row: 1 });
      columns.push({ header });
      return;
    }
    const target = mapping[header] ?? mappingLower.get(header.toLowerCase());
    let field: string | undefined;
    let attr: string | undefined;
    const asAttr = (name: string) => {
      if (entity !== "actors") return false;
      const clean = name.trim();
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(clean) || clean.length > 64) {
        issues.error(
          "unknown_column",
          `${file}: attribute column '${header}' needs a name of letters, digits and '_' (up to 64), e.g. attr:${attributeName(clean)}`,
          { file, row: 1, column: header },
        );
        return true;
      }
      attr = clean;
      return true;
    };
    if (target !== undefined) {
      if (target.toLowerCase().startsWith("attr:") && asAttr(target.slice(5))) {
        // mapped onto an attribute
      } else if (CSV_COLUMNS[entity].includes(target)) field = target;
      else badMappings.push(`'${header}' -> '${target}'`);
    } else if (header.toLowerCase().startsWith("attr:") && asAttr(header.slice(5))) {
      // an attribute column
    } else {
      field = FIELD_BY_KEY[entity].get(headerKey(header));
      if (!field) unknown.push(header);
    }
    if (field) {
      const other = byField.get(field);
      if (other !== undefined) {
        issues.error("unknown_column", `${file}: columns '${other}' and '${header}' both give ${field}`, {
          file,
          row: 1,
          column: header,
        });
      }
      byField.set(field, header);
    }
    columns.push({ header, field, attr });
  });
  if (badMappings.length) {
    issues.error(
      "unknown_column",
      `${file}: column mapping names no ${entity} column: ${badMappings.join(", ")}; the columns are ${CSV_COLUMNS[entity].join(", ")}`,
      { file, row: 1 },
    );
  }
  if (unknown.length) {
    issues.error(
      "unknown_column",
      `${file}: unknown ${unknown.length > 1 ? "columns" : "column"} ${unknown.map((h) => `'${h}'`).join(", ")} for ${entity}. ` +
        `Known: ${CSV_COLUMNS[entity].join(", ")}${entity === "actors" ? ", attr:<name>" : ""}. Map them with the columns option${entity === "actors" ? " or prefix attr:" : ""}`,
      { file, row: 1, column: unknown.join(", ") },
    );
  }
  const missing = CSV_REQUIRED[entity].filter((f) => !byField.has(f));
  if (missing.length) {
    issues.error(
      "missing_column",
      `${file}: ${entity} need the ${missing.length > 1 ? "columns" : "column"} ${missing.join(", ")}`,
      {
        file,
        row: 1,
      },
    );
  }
  const attrs = columns.filter((c) => c.attr).length;
  if (attrs > 50)
    issues.error("unknown_column", `${file}: ${attrs} attribute columns; an actor holds at most 50`, { file, row: 1 });
  if (unknown.length || missing.length || badMappings.length) return undefined;
  return { columns, entity };
}

function readRow(
  record: string[],
  row: number,
  header: Column[],
  entity: CsvEntity,
  columns: Record<string, string>,
  file: string,
  state: State,
): void {
  const { issues, ids } = state;
  const where = { file, row };
  if (record.length !== header.length) {
    // A trailing empty cell or two is what spreadsheets write; anything else shifts every value after it.
    const extra = record.slice(header.length);
    if (record.length < header.length || extra.some((v) => v.trim() !== "")) {
      issues.error("malformed", `${record.length} fields where the header has ${header.length}`, where);
      return;
    }
  }
  const raw: Record<string, string> = {};
  const attributes: Record<string, string | number | boolean> = {};
  for (let i = 0; i < header.length; i++) {
    const col = header[i]!;
    const value = record[i]?.trim() ?? "";
    if (value === "") continue;
    if (col.field) raw[col.field] = value;
    else if (col.attr) attributes[col.attr] = coerceScalar(value);
  }
  // One plain object per row rather than closures: tsx names every closure it creates, which shows at a million rows.
  const ctx: RowContext = { raw, issues, where, columns, badFields: new Set(), bad: false };
  const badFields = ctx.badFields;
  let item: Record<string, unknown>;
  switch (entity) {
    case "categories":
      item = { id: raw.id?.toLowerCase(), name: raw.name, parent: raw.parent?.toLowerCase() };
      break;
    case "actors": {
      let id: string;
      if (raw.id !== undefined) id = ids.actors.assign(raw.id, { ...where, column: columns.id });
      else {
        id = ids.actors.derive(raw.name ?? "");
        state.derivedActorIds++;
      }
      const lat = numberCell(ctx, "lat");
      const lon = numberCell(ctx, "lon");
      const located = lat !== undefined || lon !== undefined || badFields.has("lat") || badFields.has("lon");
      let location: Record<string, unknown> | undefined;
      if (located) {
        const missing =
          lat === undefined && !badFields.has("lat")
            ? "lat"
            : lon === undefined && !badFields.has("lon")
              ? "lon"
              : undefined;
        if (missing) {
          issues.error("invalid_value", "lat and lon go together: give both or neither", {
            ...where,
            column: columns[missing] ?? missing,
          });
          badFields.add(missing);
          ctx.bad = true;
        }
        location = { lat, lon };
        if (raw.address !== undefined) location.address = raw.address;
        if (raw.region !== undefined) location.region = raw.region;
      } else if (raw.address !== undefined || raw.region !== undefined) {
        // A location needs coordinates; keep the text rather than drop it.
        if (raw.address !== undefined) attributes.address ??= raw.address;
        if (raw.region !== undefined) attributes.region ??= raw.region;
        issues.warn(
          "lossy",
          "address and region without lat and lon are kept as attributes: a location needs coordinates",
          where,
        );
      }
      item = {
        id,
        name: raw.name,
        type: raw.type === undefined ? undefined : (actorTypeExact(raw.type) ?? raw.type),
        description: raw.description,
        tags: raw.tags === undefined ? undefined : splitList(raw.tags),
        location,
        attributes,
        url: raw.url,
      };
      break;
    }
    case "needs":
    case "offerings": {
      const actorId = raw.actorId === undefined ? undefined : ids.actors.resolve(raw.actorId);
      const table = ids[entity];
      const kind = entity === "needs" ? "need" : "offer";
      const id =
        raw.id !== undefined
          ? table.assign(raw.id, { ...where, column: columns.id })
          : table.derive(`${actorId ?? "x"}.${kind}.${slugify(raw.title ?? "item", 60)}`, true);
      item =
        entity === "needs"
          ? {
              id,
              actorId,
              category: raw.category?.toLowerCase(),
              title: raw.title,
              description: raw.description,
              quantity: numberCell(ctx, "quantity"),
              unit: raw.unit,
              priority: enumCell(raw, "priority"),
              status: enumCell(raw, "status"),
              dueDate: raw.dueDate,
            }
          : {
              id,
              actorId,
              category: raw.category?.toLowerCase(),
              title: raw.title,
              description: raw.description,
              capacity: numberCell(ctx, "capacity"),
              unit: raw.unit,
              modality: enumCell(raw, "modality"),
              reachKm: numberCell(ctx, "reachKm"),
              status: enumCell(raw, "status"),
              validFrom: raw.validFrom,
              validUntil: raw.validUntil,
            };
      break;
    }
    case "relationships":
      item = {
        id: raw.id === undefined ? undefined : ids.relationships.assign(raw.id, { ...where, column: columns.id }),
        from: raw.from === undefined ? undefined : ids.actors.resolve(raw.from),
        to: raw.to === undefined ? undefined : ids.actors.resolve(raw.to),
        type: raw.type === undefined ? undefined : (relationshipTypeExact(raw.type) ?? raw.type),
        weight: numberCell(ctx, "weight"),
        amount: numberCell(ctx, "amount"),
        since: raw.since,
        until: raw.until,
      };
      break;
    case "commitments": {
      let history: unknown;
      if (raw.history !== undefined) {
        try {
          history = JSON.parse(raw.history);
        } catch {
          issues.error("invalid_value", "history must be a JSON array of events", {
            ...where,
            column: columns.history,
          });
          badFields.add("history");
          ctx.bad = true;
        }
      }
      item = {
        id: raw.id === undefined ? undefined : ids.commitments.assign(raw.id, { ...where, column: columns.id }),
        offeringId: raw.offeringId === undefined ? undefined : ids.offerings.resolve(raw.offeringId),
        needId: raw.needId === undefined ? undefined : ids.needs.resolve(raw.needId),
        amount: numberCell(ctx, "amount"),
        status: enumCell(raw, "status"),
        history,
      };
      break;
    }
  }
  for (const key of Object.keys(item)) if (item[key] === undefined) delete item[key];
  const parsed = SCHEMAS[entity].safeParse(item);
  if (!parsed.success) {
    // Fields already reported as not numbers would only repeat themselves as "expected number".
    const rest = parsed.error.issues.filter(
      (i) => !badFields.has(String(i.path[0] === "location" ? i.path[1] : i.path[0])),
    );
    if (rest.length) zodIssues(issues, { issues: rest }, where, (path) => columnOfPath(path, columns, header));
    return;
  }
  if (ctx.bad) return;
  state.bundle[entity].push(parsed.data as never);
  state.origins.add(entity, file, row, columns);
}

interface RowContext {
  raw: Record<string, string>;
  issues: Issues;
  where: { file: string; row: number };
  columns: Record<string, string>;
  badFields: Set<string>;
  bad: boolean;
}

function numberCell(ctx: RowContext, field: string): number | undefined {
  const text = ctx.raw[field];
  if (text === undefined) return undefined;
  const n = parseNumber(text);
  if (n === undefined) {
    ctx.issues.error("invalid_value", `'${text}' is not a number`, { ...ctx.where, column: ctx.columns[field] });
    ctx.badFields.add(field);
    ctx.bad = true;
  }
  return n;
}

function enumCell(raw: Record<string, string>, field: string): string | undefined {
  const text = raw[field];
  return text === undefined || !ENUMS.has(field) ? text : text.toLowerCase().replace(/[^a-z0-9]+/g, "_");
}

function columnOfPath(path: PropertyKey[], columns: Record<string, string>, header: Column[]): string | undefined {
  const [first, second] = path.map(String);
  if (first === "location" && second) return columns[second] ?? second;
  if (first === "attributes")
    return second ? (header.find((c) => c.attr === second)?.header ?? `attr:${second}`) : undefined;
  return first ? (columns[first] ?? first) : undefined;
}

// ---- Export -------------------------------------------------------------------------------------

const CAST = { boolean: (v: boolean) => (v ? "true" : "false") };

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
