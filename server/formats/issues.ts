// The issues an import reports and where each comes from: the capped collector every importer fills, the exception
// that stops a reader at once, zod errors turned into issues, and the origins (file, row, header) of bundle items.
import type { z } from "zod";
import type { Bundle } from "../schemas/domain";
import type { ImportIssue, IssueCode } from "./types";
import { stripUndefined } from "./values";

export const DEFAULT_MAX_ISSUES = 1000;

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
