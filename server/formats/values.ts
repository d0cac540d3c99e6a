// Values read from cells and attributes: plain numbers, typed free attributes, attribute names, '|' lists and ISO
// dates, as every format that reads text writes them.

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

/** Drops the keys whose value is undefined, in place, so optional fields are absent rather than undefined. */
export function stripUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}
