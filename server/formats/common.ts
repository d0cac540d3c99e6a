// Helpers every format shares: size limits, the issue list, deterministic ids, text decoding, type synonyms and the
// final all-or-nothing check of a bundle.
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import type { z } from "zod";
import {
  ACTOR_TYPES,
  ActorInput,
  BundleCommitment,
  CategoryInput,
  Id,
  NeedInput,
  OfferingInput,
  RELATIONSHIP_TYPES,
  RelationshipInput,
} from "../schemas/domain";
import type { ActorType, Bundle, RelationshipType } from "../schemas/domain";
import type { Format, ImportFile, ImportIssue, ImportOptions, ImportResult, IssueCode, Limits } from "./types";

export const MAX_FILE_BYTES = 100 * 1024 * 1024;
export const MAX_ZIP_UNCOMPRESSED_BYTES = 500 * 1024 * 1024;
export const MAX_ZIP_ENTRIES = 10_000;
export const DEFAULT_LIMITS: Limits = {
  maxFileBytes: MAX_FILE_BYTES,
  maxZipBytes: MAX_ZIP_UNCOMPRESSED_BYTES,
  maxZipEntries: MAX_ZIP_ENTRIES,
};
export const DEFAULT_MAX_ISSUES = 1000;

export function limitsOf(options: ImportOptions | undefined): Limits {
  return { ...DEFAULT_LIMITS, ...options?.limits };
}

// ---- Item schemas as bundles carry them ---------------------------------------------------------

export const ActorRow = ActorInput.extend({ id: Id });
export const NeedRow = NeedInput.extend({ id: Id });
export const OfferingRow = OfferingInput.extend({ id: Id });
export const RelationshipRow = RelationshipInput;
export const CategoryRow = CategoryInput;
export const CommitmentRow = BundleCommitment;

/** The bundle the Bundle schema caps at; checked here because items are validated one by one, not as a whole. */
const MAX_ITEMS: Record<keyof Bundle, number> = {
  categories: 10_000,
  actors: 200_000,
  relationships: 1_000_000,
  needs: 200_000,
  offerings: 200_000,
  commitments: 200_000,
};

// ---- Issues -------------------------------------------------------------------------------------

export type Where = Pick<ImportIssue, "file" | "row" | "column" | "field">;

/** Collects issues up to a cap, so a file with a million bad rows does not build a million messages. */
export class Issues {
  readonly list: ImportIssue[] = [];
  omitted = 0;
  errors = 0;
  constructor(readonly max = DEFAULT_MAX_ISSUES) {}

  error(code: IssueCode, message: string, where: Where = {}): void {
    this.errors++;
    this.push({ level: "error", code, message, ...where });
  }

  warn(code: IssueCode, message: string, where: Where = {}): void {
    this.push({ level: "warning", code, message, ...where });
  }

  private push(issue: ImportIssue): void {
    if (this.list.length < this.max) this.list.push(stripUndefined(issue));
    else this.omitted++;
  }
}

/** Thrown inside a reader to stop at once (oversized input, bad encoding); the importer turns it into an issue. */
export class StopImport extends Error {
  constructor(
    readonly code: IssueCode,
    message: string,
    readonly where: Where = {},
  ) {
    super(message);
  }
}

export function emptyResult(format: Format | "unknown", files: string[], issues: Issues, rows = 0): ImportResult {
  return {
    bundle: null,
    report: {
      format,
      files,
      rows,
      counts: { categories: 0, actors: 0, relationships: 0, needs: 0, offerings: 0, commitments: 0 },
      issues: sortIssues(issues.list),
      omittedIssues: issues.omitted,
    },
  };
}

/** The one exit of every importer: errors mean no bundle. */
export function finish(format: Format, files: string[], rows: number, bundle: Bundle, issues: Issues): ImportResult {
  for (const kind of Object.keys(MAX_ITEMS) as (keyof Bundle)[]) {
    if (bundle[kind].length > MAX_ITEMS[kind]) {
      issues.error("too_large", `${bundle[kind].length} ${kind} in one import; at most ${MAX_ITEMS[kind]} are allowed`);
    }
  }
  if (issues.errors > 0) return emptyResult(format, files, issues, rows);
  return {
    bundle,
    report: {
      format,
      files,
      rows,
      counts: {
        categories: bundle.categories.length,
        actors: bundle.actors.length,
        relationships: bundle.relationships.length,
        needs: bundle.needs.length,
        offerings: bundle.offerings.length,
        commitments: bundle.commitments.length,
      },
      issues: sortIssues(issues.list),
      omittedIssues: issues.omitted,
    },
  };
}

function sortIssues(list: ImportIssue[]): ImportIssue[] {
  // Stable: errors first, each group in the order found (which follows the file).
  return [...list.filter((i) => i.level === "error"), ...list.filter((i) => i.level === "warning")];
}

export function stripUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}

/** Turns a zod error into issues, naming the column each failing field came from. */
export function zodIssues(
  issues: Issues,
  error: { issues: readonly z.core.$ZodIssue[] },
  where: Where,
  columnOf: (path: PropertyKey[]) => string | undefined,
): void {
  for (const issue of error.issues) {
    const column = columnOf(issue.path);
    const field = issue.path.map(String).join(".");
    // zod says "expected string, received undefined" for what a person would call an empty cell.
    const message =
      issue.code === "invalid_type" && /received undefined/.test(issue.message)
        ? "is required but empty or missing"
        : issue.message;
    issues.error("invalid_value", column || !field ? message : `${field}: ${message}`, {
      ...where,
      column: column ?? where.column,
      field: field || undefined,
    });
  }
}

// ---- Ids ----------------------------------------------------------------------------------------

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export function isValidId(id: string): boolean {
  return id.length > 0 && id.length <= 128 && ID_PATTERN.test(id);
}

/** A deterministic URL-safe id for any text: accents dropped, other runs of unsafe characters made '-'. */
export function slugify(text: string, maxLength = 120): string {
  const slug = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, "-")
    .replace(/^[^a-z0-9]+/, "")
    .replace(/[-.]+$/, "")
    .slice(0, maxLength)
    .replace(/[-.]+$/, "");
  // Text with no letters or digits at all (say, Chinese names) still needs a stable id.
  return slug || `id-${createHash("sha1").update(text).digest("hex").slice(0, 12)}`;
}

/**
 * Maps the ids a file uses onto valid Atlas ids, one table per kind of item. Valid ids stay as they are; others are
 * slugified, with `-2`, `-3`... when two of them collide, in the order met, so the same file always gives the same ids.
 */
export class IdTable {
  private readonly byRaw = new Map<string, string>();
  private readonly used = new Set<string>();
  constructor(
    readonly kind: string,
    private readonly issues: Issues,
  ) {}

  /** The id for a new item whose id in the file is `raw`; reports a change. Only changed ids are remembered: valid
   *  ones map to themselves (a repeated one is a duplicate, which checkBundle reports). */
  assign(raw: string, where: Where = {}): string {
    if (isValidId(raw)) {
      this.used.add(raw);
      return raw;
    }
    const known = this.byRaw.get(raw);
    if (known !== undefined) return known;
    const id = this.unique(slugify(raw));
    this.issues.warn("id_changed", `${this.kind} id '${raw}' is not URL-safe; it becomes '${id}'`, where);
    this.byRaw.set(raw, id);
    this.used.add(id);
    return id;
  }

  /** An id derived from other text: a name is always slugified; a `composite` built from ids is kept when valid. */
  derive(text: string, composite = false): string {
    const id = this.unique(composite && isValidId(text) ? text : slugify(text));
    this.used.add(id);
    return id;
  }

  /** The id a reference in the file points at: what `assign` gave it, or what it would give an unseen id. */
  resolve(raw: string): string {
    return isValidId(raw) ? raw : (this.byRaw.get(raw) ?? slugify(raw));
  }

  has(id: string): boolean {
    return this.used.has(id);
  }

  private unique(base: string): string {
    let id = base;
    for (let n = 2; this.used.has(id); n++) id = `${base.slice(0, 120)}-${n}`;
    return id;
  }
}

// ---- Reading bytes ------------------------------------------------------------------------------

export function isReadable(data: ImportFile["data"]): data is Readable {
  return (
    data instanceof Readable ||
    (!(data instanceof Uint8Array) && typeof (data as { pipe?: unknown }).pipe === "function")
  );
}

/** Reads a file whole, refusing more than `limit` bytes without reading further. */
export async function readAll(file: ImportFile, limit: number): Promise<Buffer> {
  const { data } = file;
  if (!isReadable(data)) {
    if (data.byteLength > limit) throw tooLarge(file.name, data.byteLength, limit);
    return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of data) {
    const buf = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > limit) {
      data.destroy();
      throw tooLarge(file.name, size, limit, true);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

export function tooLarge(name: string, size: number, limit: number, atLeast = false): StopImport {
  return new StopImport(
    "too_large",
    `${name} is ${atLeast ? "over " : ""}${formatBytes(size)}; the limit is ${formatBytes(limit)} per file`,
    { file: name },
  );
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${n} bytes`;
}

// ---- Text ---------------------------------------------------------------------------------------

/** Index of the first byte that is not part of valid UTF-8, or -1. With `partialEnd`, a sequence cut off by the end
 *  of the buffer counts as valid: a streaming caller sees the rest in the next chunk. */
export function firstInvalidUtf8(bytes: Uint8Array, from = 0, partialEnd = false): number {
  let i = from;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    if (i + need >= n) {
      for (let k = i + 1; k < n; k++) if ((bytes[k]! & 0xc0) !== 0x80) return i;
      return partialEnd ? -1 : i;
    }
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]!;
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** Line feeds in bytes[0, end): found by Buffer's native search, which a 100 MB file makes worth it. */
export function countNewlines(bytes: Uint8Array, end = bytes.length): number {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let lines = 0;
  for (let i = buffer.indexOf(0x0a); i >= 0 && i < end; i = buffer.indexOf(0x0a, i + 1)) lines++;
  return lines;
}

export function encodingError(file: string, bytes: Uint8Array, offset: number, lineBase = 1): StopImport {
  const line = lineBase + countNewlines(bytes, offset);
  const byte = bytes[offset]!;
  const latin1 = byte >= 0xa0 ? ` (in Latin-1 it would read '${String.fromCharCode(byte)}')` : "";
  return new StopImport(
    "encoding",
    `${file} is not valid UTF-8: byte 0x${byte.toString(16).toUpperCase().padStart(2, "0")} on line ${line}${latin1}. ` +
      "The file looks Latin-1 (ISO-8859-1 / Windows-1252) encoded: save it as UTF-8, or import it with encoding=latin1",
    { file, row: line },
  );
}

/** Refuses text that is UTF-16 or binary before trying to read it as UTF-8. */
export function checkTextStart(file: string, head: Uint8Array): void {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw new StopImport("encoding", `${file} is UTF-16 encoded; save it as UTF-8`, { file });
  }
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) {
    throw new StopImport("malformed", `${file} is a zip archive (an .xlsx workbook?), not a text file`, { file });
  }
  const probe = head.subarray(0, 4096);
  if (probe.includes(0)) {
    throw new StopImport("encoding", `${file} contains NUL bytes: it is binary or UTF-16, not a UTF-8 text file`, {
      file,
    });
  }
}

/** Decodes a whole text file: UTF-8 with or without BOM, or Latin-1 when asked; anything else is refused. */
export function decodeText(file: string, bytes: Uint8Array, encoding: ImportOptions["encoding"] = "utf-8"): string {
  checkTextStart(file, bytes);
  if (encoding === "latin1") return new TextDecoder("latin1").decode(bytes);
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) throw encodingError(file, bytes, bad);
  // ignoreBOM false (the default) drops a leading BOM.
  return new TextDecoder("utf-8").decode(bytes);
}

/** Bytes read at a time from a file held in memory. */
export const READ_CHUNK_BYTES = 1024 * 1024;

/** Bytes of a file as a stream of chunks, counted against the size limit. */
export async function* byteChunks(
  file: ImportFile,
  limit: number,
  onBytes: (n: number) => void,
): AsyncGenerator<Uint8Array> {
  if (!isReadable(file.data)) {
    const data = file.data;
    if (data.byteLength > limit) throw tooLarge(file.name, data.byteLength, limit);
    for (let i = 0; i < data.byteLength; i += READ_CHUNK_BYTES) {
      const chunk = data.subarray(i, i + READ_CHUNK_BYTES);
      onBytes(chunk.byteLength);
      yield chunk;
    }
    return;
  }
  let size = 0;
  for await (const chunk of file.data) {
    const bytes: Uint8Array = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    size += bytes.byteLength;
    if (size > limit) {
      file.data.destroy();
      throw tooLarge(file.name, size, limit, true);
    }
    onBytes(bytes.byteLength);
    yield bytes;
  }
}

/**
 * Decodes chunks to text: UTF-8 with or without BOM by default. Invalid UTF-8 stops the import with the line and byte
 * (Latin-1 files are the usual cause, and guessing their code page silently could garble names); `encoding: latin1`
 * reads them deliberately.
 */
export async function* decodeChunks(
  chunks: AsyncIterable<Uint8Array>,
  file: string,
  encoding: ImportOptions["encoding"],
): AsyncGenerator<string> {
  const latin1 = encoding === "latin1";
  const decoder = new TextDecoder(latin1 ? "latin1" : "utf-8", { fatal: true });
  let first = true;
  let line = 1;
  let tail: Uint8Array = new Uint8Array(0);
  for await (const bytes of chunks) {
    if (first) {
      checkTextStart(file, bytes);
      first = false;
    }
    let text: string;
    try {
      text = decoder.decode(bytes, { stream: true });
    } catch {
      // Locate the bad byte; the few bytes before the chunk may hold the start of the broken sequence.
      const view = Buffer.concat([tail, bytes]);
      const bad = firstInvalidUtf8(view, 0, false);
      throw encodingError(file, view, Math.max(bad, 0), line);
    }
    line += countNewlines(bytes);
    tail = bytes.subarray(Math.max(0, bytes.length - 3));
    if (text) yield text;
  }
  try {
    const rest = decoder.decode();
    if (rest) yield rest;
  } catch {
    throw encodingError(file, tail, Math.max(firstInvalidUtf8(tail, 0, false), 0), line);
  }
}

/** Reads and decodes a JSON file with the size limit. */
export async function readJson(
  file: ImportFile,
  limits: Limits,
  encoding?: ImportOptions["encoding"],
): Promise<unknown> {
  const text = decodeText(file.name, await readAll(file, limits.maxFileBytes), encoding);
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const at = /position (\d+)/.exec(message);
    const row = at ? text.slice(0, Number(at[1])).split("\n").length : undefined;
    throw new StopImport("malformed", `${file.name} is not valid JSON: ${message}`, { file: file.name, row });
  }
}

// ---- Values -------------------------------------------------------------------------------------

const NUMBER_PATTERN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A number written plainly ("1.5", "-3", "2e5"); undefined for anything else, including "1,5" and "". */
export function parseNumber(text: string): number | undefined {
  const s = text.trim();
  if (!NUMBER_PATTERN.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * A free attribute from text: booleans and numbers that print back exactly as written become typed, everything else
 * stays a string ("02139" keeps its zero, so a postcode survives a round trip).
 */
export function coerceScalar(text: string): string | number | boolean {
  const s = text.trim();
  if (s === "true" || s === "TRUE" || s === "True") return true;
  if (s === "false" || s === "FALSE" || s === "False") return false;
  const n = parseNumber(s);
  if (n !== undefined && String(n) === s) return n;
  return s;
}

/** An attribute name from a column header: runs of other characters become '_' ("Net worth" -> "Net_worth"). */
export function attributeName(header: string): string {
  let name = header
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9_]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (!name) name = "attribute";
  if (/^[0-9]/.test(name)) name = `_${name}`;
  return name.slice(0, 64);
}

export function splitList(text: string): string[] {
  return text
    .split("|")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** An ISO date from a date, a date-time or a spreadsheet Date cell; undefined when it is none of these. */
export function toIsoDate(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString().slice(0, 10);
  if (typeof value !== "string") return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})(?:$|[T ])/.exec(value.trim());
  return m ? m[1] : undefined;
}

// ---- Types and their synonyms -------------------------------------------------------------------

/** How a type reads in a spreadsheet: exports write these, imports read them back (case-insensitively). */
export const ACTOR_TYPE_LABELS: Record<ActorType, string> = {
  school: "School",
  university: "University",
  nonprofit: "Nonprofit",
  business: "Business",
  government: "Government",
  community_group: "Community group",
  family_group: "Family group",
  funder: "Funder",
  health_provider: "Health provider",
  library: "Library",
  museum: "Museum",
  individual: "Individual",
  other: "Other",
};

export const RELATIONSHIP_TYPE_LABELS: Record<RelationshipType, string> = {
  partners_with: "Partners with",
  funds: "Funds",
  mentors: "Mentors",
  supplies: "Supplies",
  member_of: "Member of",
  refers_to: "Refers to",
  volunteers_at: "Volunteers at",
};

const ACTOR_SYNONYMS: Record<ActorType, string[]> = {
  school: [
    "primary school",
    "elementary school",
    "middle school",
    "high school",
    "secondary school",
    "academy",
    "k12",
    "k 12",
    "charter school",
    "kindergarten",
    "preschool",
  ],
  university: ["college", "community college", "higher education", "institute"],
  nonprofit: [
    "non profit",
    "not for profit",
    "ngo",
    "npo",
    "charity",
    "nonprofit organization",
    "nonprofit organisation",
  ],
  business: ["company", "firm", "corporation", "employer", "enterprise", "corporate", "private sector", "for profit"],
  government: [
    "public agency",
    "agency",
    "local authority",
    "local government",
    "public sector",
    "municipality",
    "ministry",
    "department",
    "school district",
    "education office",
  ],
  community_group: [
    "community organization",
    "community organisation",
    "association",
    "club",
    "cbo",
    "grassroots group",
    "community",
  ],
  family_group: ["parent group", "parents group", "parents", "pta", "pto", "parent association", "family", "families"],
  funder: [
    "foundation",
    "donor",
    "grantmaker",
    "grant maker",
    "philanthropy",
    "philanthropic",
    "trust",
    "funding organisation",
    "funding organization",
  ],
  health_provider: [
    "health",
    "clinic",
    "hospital",
    "healthcare",
    "health care",
    "medical",
    "health centre",
    "health center",
  ],
  library: ["public library", "libraries"],
  museum: ["gallery", "science centre", "science center"],
  individual: ["person", "people", "volunteer", "expert"],
  other: [],
};

const RELATIONSHIP_SYNONYMS: Record<RelationshipType, string[]> = {
  partners_with: [
    "partner",
    "partners",
    "partnership",
    "collaboration",
    "collaborates with",
    "collaborator",
    "works with",
    "alliance",
  ],
  funds: [
    "funding",
    "funder",
    "fund",
    "grant",
    "grants",
    "donates",
    "donation",
    "sponsors",
    "sponsorship",
    "invests in",
  ],
  mentors: ["mentoring", "mentorship", "mentor", "coaches", "coaching"],
  supplies: ["supply", "supplier", "provides", "provides to", "in kind", "delivers"],
  member_of: ["member", "membership", "belongs to", "part of"],
  refers_to: ["referral", "refers", "refer", "referrals"],
  volunteers_at: ["volunteering", "volunteer", "volunteers"],
};

/** Lower case, punctuation and '_' as spaces: "Community_Group", "community group" and "Community-group" are one key. */
export function typeKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

function synonymTable<T extends string>(
  values: readonly T[],
  labels: Record<T, string>,
  synonyms: Record<T, string[]>,
) {
  const table = new Map<string, T>();
  for (const value of values) {
    table.set(typeKey(value), value);
    table.set(typeKey(labels[value]), value);
    for (const s of synonyms[value] ?? []) table.set(typeKey(s), value);
  }
  return table;
}

const ACTOR_TABLE = synonymTable(ACTOR_TYPES, ACTOR_TYPE_LABELS, ACTOR_SYNONYMS);
const RELATIONSHIP_TABLE = synonymTable(RELATIONSHIP_TYPES, RELATIONSHIP_TYPE_LABELS, RELATIONSHIP_SYNONYMS);
const ACTOR_EXACT = synonymTable(ACTOR_TYPES, ACTOR_TYPE_LABELS, {} as Record<ActorType, string[]>);
const RELATIONSHIP_EXACT = synonymTable(
  RELATIONSHIP_TYPES,
  RELATIONSHIP_TYPE_LABELS,
  {} as Record<RelationshipType, string[]>,
);

/** An actor type from another tool's vocabulary ("Foundation" -> funder); undefined when unknown. */
export function actorTypeFrom(text: string): ActorType | undefined {
  return ACTOR_TABLE.get(typeKey(text));
}

export function relationshipTypeFrom(text: string): RelationshipType | undefined {
  return RELATIONSHIP_TABLE.get(typeKey(text));
}

/** Only the type's own name or label, in any case ("Community group", "community_group"): for Atlas's own CSV. */
export function actorTypeExact(text: string): ActorType | undefined {
  return ACTOR_EXACT.get(typeKey(text));
}

export function relationshipTypeExact(text: string): RelationshipType | undefined {
  return RELATIONSHIP_EXACT.get(typeKey(text));
}

const NAME_RULES: ReadonlyArray<[RegExp, ActorType]> = [
  [/\b(school district|education office|department of|city of|county of|ministry)\b/i, "government"],
  [/\b(school|academy|elementary|primary|kindergarten|preschool|k-?12)\b/i, "school"],
  [/\b(university|college)\b/i, "university"],
  [/\blibrar(y|ies)\b/i, "library"],
  [/\b(museum|science cent(er|re)|gallery)\b/i, "museum"],
  [/\b(health|clinic|hospital|medical|counsel+ing|therapy)\b/i, "health_provider"],
];

/** The type an organisation's name suggests (a school, a library...), else `fallback`: for formats without types. */
export function guessActorType(name: string, fallback: ActorType): ActorType {
  for (const [pattern, type] of NAME_RULES) if (pattern.test(name)) return type;
  return fallback;
}

// ---- Zip ----------------------------------------------------------------------------------------

export function isZip(bytes: Uint8Array): boolean {
  return (
    bytes[0] === 0x50 &&
    bytes[1] === 0x4b &&
    (bytes[2] === 0x03 || bytes[2] === 0x05) &&
    (bytes[3] === 0x04 || bytes[3] === 0x06)
  );
}

// ---- The final check ----------------------------------------------------------------------------

/** An origin that also says which header each field came from (CSV headers need not be the field names). */
export type OriginWithColumns = Where & { columns?: Readonly<Record<string, string>> };

/**
 * Where each item of a bundle came from, for messages about duplicates and references. Rows are kept as a plain
 * number array with the file and header map shared by runs of items, so a million items cost a few MB.
 */
export class Origins {
  private readonly rows: Partial<Record<keyof Bundle, number[]>> = {};
  private readonly runs: Partial<
    Record<keyof Bundle, { start: number; file?: string; columns?: Readonly<Record<string, string>> }[]>
  > = {};

  add(
    kind: keyof Bundle,
    file: string | undefined,
    row: number | undefined,
    columns?: Readonly<Record<string, string>>,
  ): void {
    const rows = (this.rows[kind] ??= []);
    const runs = (this.runs[kind] ??= []);
    const last = runs.at(-1);
    if (!last || last.file !== file || last.columns !== columns) runs.push({ start: rows.length, file, columns });
    rows.push(row ?? -1);
  }

  locate(kind: keyof Bundle, index: number): OriginWithColumns | undefined {
    const rows = this.rows[kind];
    const runs = this.runs[kind];
    if (!rows || !runs || index >= rows.length) return undefined;
    let run = runs[0]!;
    for (const r of runs) if (r.start <= index) run = r;
    const row = rows[index]!;
    return stripUndefined({
      file: run.file,
      row: row >= 0 ? row : undefined,
      columns: run.columns,
      field: row >= 0 ? undefined : `${kind}[${index}]`,
    });
  }
}

/**
 * Duplicate ids, ties of an actor to itself and references to nothing, over the whole bundle: the same checks as the
 * store's, but naming the file, row and column. References to a kind of item the import does not carry at all are
 * left to the store unless `known` lists the map's ids.
 */
export function checkBundle(bundle: Bundle, issues: Issues, origins: Origins, options?: ImportOptions): void {
  const at = (kind: keyof Bundle, i: number): OriginWithColumns =>
    origins.locate(kind, i) ?? { field: `${kind}[${i}]` };
  const describe = (w: Where) =>
    w.row !== undefined ? `row ${w.row}${w.file ? ` of ${w.file}` : ""}` : (w.field ?? "?");
  const ids = (kind: keyof Bundle) => {
    const first = new Map<string, number>();
    const list = bundle[kind] as { id?: string }[];
    for (let i = 0; i < list.length; i++) {
      const id = list[i]!.id;
      if (id === undefined) continue;
      const seen = first.get(id);
      if (seen === undefined) {
        first.set(id, i);
        continue;
      }
      const noun = kind === "categories" ? "category" : kind.slice(0, -1);
      const b = at(kind, i);
      issues.error(
        "duplicate_id",
        `duplicate ${noun} id '${id}' in ${describe(at(kind, seen))} and ${describe(b)}`,
        originColumn(b, "id"),
      );
    }
    return first;
  };
  const categories = ids("categories");
  const actors = ids("actors");
  const needs = ids("needs");
  const offerings = ids("offerings");
  ids("relationships");
  ids("commitments");

  const known = (list: Iterable<string> | undefined) => (list ? new Set(list) : undefined);
  const knownActors = known(options?.known?.actors);
  const knownCategories = known(options?.known?.categories);
  const knownNeeds = known(options?.known?.needs);
  const knownOfferings = known(options?.known?.offerings);
  /** Checks one reference; where it came from is only worked out for the few that fail. */
  const ref = (
    target: string,
    pool: Map<string, number>,
    extra: Set<string> | undefined,
    id: string,
    kind: keyof Bundle,
    i: number,
    column: string,
  ) => {
    if (pool.has(id) || extra?.has(id)) return;
    issues.error(
      "dangling_reference",
      `${column} '${id}' names no ${target} in this import${extra ? " or the map" : ""}`,
      originColumn(at(kind, i), column),
    );
  };
  // A kind of item is checkable when the import carries some of it or the caller said what the map holds.
  const actorsCheckable = bundle.actors.length > 0 || knownActors !== undefined;
  // Categories are the exception: an import may add a few to a map whose taxonomy it does not carry.
  const categoriesCheckable = knownCategories !== undefined;
  const needsCheckable = bundle.needs.length > 0 || knownNeeds !== undefined;
  const offeringsCheckable = bundle.offerings.length > 0 || knownOfferings !== undefined;

  const ties = bundle.relationships;
  for (let i = 0; i < ties.length; i++) {
    const r = ties[i]!;
    if (r.from === r.to)
      issues.error(
        "invalid_value",
        `an actor cannot be tied to itself ('${r.from}')`,
        originColumn(at("relationships", i), "to"),
      );
    if (!actorsCheckable) continue;
    ref("actor", actors, knownActors, r.from, "relationships", i, "from");
    ref("actor", actors, knownActors, r.to, "relationships", i, "to");
  }
  for (const kind of ["needs", "offerings"] as const) {
    const list = bundle[kind];
    for (let i = 0; i < list.length; i++) {
      const item = list[i]!;
      if (actorsCheckable) ref("actor", actors, knownActors, item.actorId, kind, i, "actorId");
      if (categoriesCheckable) ref("category", categories, knownCategories, item.category, kind, i, "category");
    }
  }
  bundle.categories.forEach((c, i) => {
    const cut = c.id.lastIndexOf("/");
    if (cut < 0) return;
    const parent = c.id.slice(0, cut);
    if (c.parent !== undefined && c.parent !== parent) {
      issues.error(
        "invalid_value",
        `parent must be '${parent}', the path above '${c.id}'`,
        originColumn(at("categories", i), "parent"),
      );
    }
    // Without the map's taxonomy the parent may well be in the map already: the store checks it then.
    if (knownCategories) ref("category", categories, knownCategories, parent, "categories", i, "parent");
  });
  bundle.commitments.forEach((c, i) => {
    if (needsCheckable) ref("need", needs, knownNeeds, c.needId, "commitments", i, "needId");
    if (offeringsCheckable) ref("offering", offerings, knownOfferings, c.offeringId, "commitments", i, "offeringId");
  });
}

/** The origin of one field: its header when the origin maps them, else the field's own name. */
export function originColumn(where: OriginWithColumns, field: string): Where {
  const { columns, ...rest } = where;
  return {
    ...rest,
    column: columns?.[field] ?? (rest.field ? undefined : field),
    field: rest.field ? `${rest.field}.${field}` : undefined,
  };
}
