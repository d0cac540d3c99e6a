import type { ApiErrorBody, ApiIssue } from "./types";

/** An API error with the server's body: status, message and the fields it names. */
export class ApiError extends Error {
  readonly status: number;
  readonly issues: ApiIssue[];

  constructor(status: number, body: Partial<ApiErrorBody> | undefined, fallback: string) {
    super(body?.message ?? fallback);
    this.name = "ApiError";
    this.status = status;
    this.issues = body?.issues ?? [];
  }
}

/** Encodes one path segment (category ids contain '/'). */
export const seg = (s: string): string => encodeURIComponent(s);

export function query(params: Record<string, string | number | boolean | undefined>): string {
  const entries = Object.entries(params).filter((e): e is [string, string | number | boolean] => e[1] !== undefined);
  if (!entries.length) return "";
  return `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString()}`;
}
