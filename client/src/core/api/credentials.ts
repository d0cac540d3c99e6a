// What every API call carries besides its own arguments: the session's CSRF token (writes only), the share-link token
// the page was opened with, and who to tell when a write is refused for want of a session. One page holds one session, so these
// live here rather than in a store: the plain fetch helpers (request, uploads, job polling) read them without React.

interface Credentials {
  /** From GET /api/auth/session or the login answer; null when nobody is signed in. */
  csrfToken: string | null;
  /** The `share` of the page's URL (`?map=…&share=…`): lets a link's visitor read the map it names. */
  shareToken: string | null;
}

const credentials: Credentials = { csrfToken: null, shareToken: null };
const writeRefusedListeners = new Set<(status: number) => void>();

export const SHARE_HEADER = "x-atlas-share";
export const CSRF_HEADER = "x-csrf-token";

export const setCsrfToken = (token: string | null) => void (credentials.csrfToken = token);
export const setShareToken = (token: string | null) => void (credentials.shareToken = token || null);
export const getShareToken = () => credentials.shareToken;

const isWrite = (method: string) => !["GET", "HEAD", "OPTIONS"].includes(method.toUpperCase());

/** The headers of a call: JSON accepted, the share token on every call, the CSRF token on writes. */
export function credentialHeaders(method: string, extra: Record<string, string> = {}): Record<string, string> {
  const headers: Record<string, string> = { accept: "application/json", ...extra };
  if (credentials.shareToken) headers[SHARE_HEADER] = credentials.shareToken;
  if (credentials.csrfToken && isWrite(method)) headers[CSRF_HEADER] = credentials.csrfToken;
  return headers;
}

/** The fetch options every call shares: the session cookie goes only to this origin. */
export const fetchInit = (method: string, extra: Record<string, string> = {}): RequestInit => ({
  method,
  credentials: "same-origin",
  headers: credentialHeaders(method, extra),
});

/** A download href (an export) with the share token as a query parameter: a link cannot send headers. */
export function withShare(href: string): string {
  const token = credentials.shareToken;
  if (!token) return href;
  return `${href}${href.includes("?") ? "&" : "?"}share=${encodeURIComponent(token)}`;
}

/**
 * Called with every refused call. A write refused with 401 wants a session; one refused with 403 or 404 may have lost
 * its session meanwhile (a private map answers 404 to a stranger). Listeners decide (core/hooks asks to sign in). The
 * sign-in endpoints answer 401 for wrong credentials themselves, which their own forms show.
 */
export function noteRefusal(method: string, url: string, status: number): void {
  if (![401, 403, 404].includes(status) || !isWrite(method) || url.startsWith("/api/auth/")) return;
  for (const listener of writeRefusedListeners) listener(status);
}

export function onWriteRefused(listener: (status: number) => void): () => void {
  writeRefusedListeners.add(listener);
  return () => void writeRefusedListeners.delete(listener);
}
