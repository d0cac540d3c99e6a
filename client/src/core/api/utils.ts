import type { ApiErrorBody, ApiIssue } from "./types";

/** An API error with the server's body: status, message and the fields it names. */
export class ApiError extends Error {
  readonly status: number;
  readonly issues: ApiIssue[];
  /** Seconds to wait before asking again, from a 429's Retry-After; null when the server named none. */
  readonly retryAfter: number | null;

  constructor(
    status: number,
    body: Partial<ApiErrorBody> | undefined,
    fallback: string,
    retryAfter: number | null = null,
  ) {
    super(body?.message ?? fallback);
    this.name = "ApiError";
    this.status = status;
    this.issues = body?.issues ?? [];
    this.retryAfter = retryAfter;
  }
}

/** Retry-After in seconds: either a number of seconds or an HTTP date (RFC 9110 10.2.3). */
export function retryAfterSeconds(header: string | null, now: number = Date.now()): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/** Encodes one path segment (category ids contain '/'). */
export const seg = (s: string): string => encodeURIComponent(s);

export function query(params: Record<string, string | number | boolean | undefined>): string {
  const entries = Object.entries(params).filter((e): e is [string, string | number | boolean] => e[1] !== undefined);
  if (!entries.length) return "";
  return `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString()}`;
}
