// The issues an import reports and where each comes from: the capped collector every importer fills, the exception
// that stops a reader at once, zod errors turned into issues, and the origins (file, row, header) of bundle items.
import type { z } from "zod";
import type { Bundle } from "../schemas/domain";
import type { ImportIssue, IssueCode } from "./types";
import { stripUndefined } from "./values";

/** Issues listed per import; the rest are counted, in all and per code. A refusal's body stays a few hundred kB. */
export const DEFAULT_MAX_ISSUES = 200;
/** Characters of an issue's message, and of its column or field: text quoted from a file is never sent back whole. */
const MAX_MESSAGE_CHARS = 2_000;
const MAX_PLACE_CHARS = 500;

export type Where = Pick<ImportIssue, "file" | "row" | "column" | "field">;

const clip = (text: string | undefined, max: number) =>
  text === undefined || text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;

/** Collects issues up to a cap, so a file with a million bad rows does not build a million messages. */
export class Issues {
  readonly list: ImportIssue[] = [];
  omitted = 0;
  /** Issues left out, per code. */
  readonly omittedByCode: Partial<Record<IssueCode, number>> = {};
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
    if (this.list.length < this.max) {
      this.list.push(
        stripUndefined({
          ...issue,
          message: clip(issue.message, MAX_MESSAGE_CHARS)!,
          file: clip(issue.file, MAX_PLACE_CHARS),
          column: clip(issue.column, MAX_PLACE_CHARS),
          field: clip(issue.field, MAX_PLACE_CHARS),
        }),
      );
    } else {
      this.omitted++;
      const code = issue.code as IssueCode;
      this.omittedByCode[code] = (this.omittedByCode[code] ?? 0) + 1;
    }
  }
}

/** Errors first, each group in the order found (which follows the file). */
export function sortIssues(list: ImportIssue[]): ImportIssue[] {
  return [...list.filter((i) => i.level === "error"), ...list.filter((i) => i.level === "warning")];
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

/**
 * Where an item's values are in the source. An item is built from its own row (or JSON object) by default; a value
 * taken from elsewhere (an HSDS organization's coordinates from locations.csv, a grant's recipient from its columns)
 * is registered with the file, row and column (or JSON path) it was read from, so issues name that place.
 */
export class Provenance {
  private readonly fields = new Map<string, Where>();
  constructor(
    readonly where: Where,
    private readonly columnOf: (path: PropertyKey[]) => string | undefined = () => undefined,
  ) {}

  /** Records where the value of `field` (a dotted path such as `location.lat`) was read. */
  set(field: string, where: Where | undefined): this {
    if (where) this.fields.set(field, where);
    return this;
  }

  /** The place of the value at `path`: the nearest registered field, else the item's own place. */
  locate(path: readonly PropertyKey[]): Where {
    const steps = path.map(String);
    for (let n = steps.length; n > 0; n--) {
      const found = this.fields.get(steps.slice(0, n).join("."));
      if (found) return found;
    }
    const dotted = steps.join(".");
    const column = this.columnOf([...path]) ?? this.where.column;
    // In a JSON object the "column" is the key, so the path to it says it all.
    if (this.where.row === undefined && this.where.field && dotted)
      return { file: this.where.file, field: `${this.where.field}.${column ?? dotted}` };
    return { ...this.where, column, field: dotted || undefined };
  }
}

/** The place of `key` inside a record read from `where`: its column in a row, its property in a JSON object. */
export function keyOf(where: Where, key: string): Where {
  if (where.row !== undefined) return { file: where.file, row: where.row, column: key };
  return { file: where.file, field: where.field ? `${where.field}.${key}` : key };
}

/** Turns a zod error into issues, naming the place each failing value came from. */
export function zodIssues(
  issues: Issues,
  error: { issues: readonly z.core.$ZodIssue[] },
  source: Where | Provenance,
  columnOf?: (path: PropertyKey[]) => string | undefined,
): void {
  const provenance = source instanceof Provenance ? source : new Provenance(source, columnOf);
  for (const issue of error.issues) {
    const w = provenance.locate(issue.path);
    const field = issue.path.map(String).join(".");
    // zod says "expected string, received undefined" for what a person would call an empty cell.
    const message =
      issue.code === "invalid_type" && /received undefined/.test(issue.message)
        ? "is required but empty or missing"
        : issue.message;
    issues.error("invalid_value", w.column || !field ? message : `${field}: ${message}`, stripUndefined(w));
  }
}

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

/** The origin of one field: its header when the origin maps them, else the field's own name. */
export function originColumn(where: OriginWithColumns, field: string): Where {
  const { columns, ...rest } = where;
  return {
    ...rest,
    column: columns?.[field] ?? (rest.field ? undefined : field),
    field: rest.field ? `${rest.field}.${field}` : undefined,
  };
}
