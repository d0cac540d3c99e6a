// Form helpers. Forms validate with the API's own zod schemas, and the API's 400 issues use the same field paths,
// so both kinds of error land next to the same inputs.
import type { z } from "zod";
import type { ApiIssue } from "../api/types";
import { COMMON_CURRENCIES, COUNT_UNITS, defaultUnitFor } from "../../../../server/schemas/domain";
import type { Draft, FieldErrors, Parsed } from "./types";

function zodFieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "form";
    out[key] ??= issue.message;
  }
  return out;
}

export function apiFieldErrors(issues: readonly ApiIssue[]): FieldErrors {
  const out: FieldErrors = {};
  for (const i of issues) out[i.field || "form"] ??= i.message;
  return out;
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown): Parsed<z.output<S>> {
  const r = schema.safeParse(value);
  return r.success ? { ok: true, data: r.data } : { ok: false, errors: zodFieldErrors(r.error) };
}

/** A form field's text as a number; blank is "not given" and anything else unparsable stays a string for zod to reject. */
export function numberOrUndefined(text: string): number | string | undefined {
  const t = text.trim();
  if (!t) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

export function stringOrUndefined(text: string): string | undefined {
  const t = text.trim();
  return t ? t : undefined;
}

export function splitTags(text: string): string[] {
  return text
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);
}

/** `students: 450` lines to `{students: 450}`: numbers and booleans keep their type. */
export function parseAttributes(text: string): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const line of text.split("\n")) {
    const i = line.indexOf(":");
    if (i < 0) continue;
    const key = line.slice(0, i).trim();
    const raw = line.slice(i + 1).trim();
    if (!key) continue;
    out[key] =
      raw === "true" ? true : raw === "false" ? false : raw !== "" && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  return out;
}

export function formatAttributes(attrs: Record<string, string | number | boolean>): string {
  return Object.entries(attrs)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\n");
}

/** The units a form offers: the counted ones, the common currencies, and `current` when it is another currency. */
export function unitOptions(current: string): { value: string; label: string }[] {
  const values: string[] = [...COUNT_UNITS, ...COMMON_CURRENCIES];
  if (current && !values.includes(current)) values.push(current);
  return [
    ...(current ? [] : [{ value: "", label: "The category's default" }]),
    ...values.map((u) => ({
      value: u,
      label: (COMMON_CURRENCIES as readonly string[]).includes(u) ? `${u} (money)` : u,
    })),
  ];
}

/**
 * The draft with a new category: its unit follows the category's default unit (server/domain/units.ts) unless it was
 * set to something other than the old category's default.
 */
export function withCategory(
  draft: Draft,
  category: string,
  categories: ReadonlyMap<string, { unit?: string }>,
): Draft {
  const units = new Map([...categories].map(([id, c]) => [id, c.unit]));
  const before = draft.category ? defaultUnitFor(draft.category, units) : "";
  const unit = !draft.unit || draft.unit === before ? (category ? defaultUnitFor(category, units) : "") : draft.unit;
  return { ...draft, category, unit };
}
