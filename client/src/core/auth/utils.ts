// Pure helpers of accounts and sharing: what a reach allows, the tokens a page's URL carries, absolute links to hand
// out, and the words for a throttled sign-in.
import type { AuthState, MapAccess, MapReach, Visibility } from "./types";

export function getEmptyAuthState(): AuthState {
  return { page: null };
}

/** Editors and owners change data; viewers, link visitors and the public only read (the server checks it again). */
export const canEditReach = (reach: MapReach | undefined): boolean => reach === "editor" || reach === "owner";

/**
 * The caller's access to a map as the API states it. A map answer without `access` comes from a server that predates
 * access control, where everyone may do everything.
 */
export function accessOf(map: { access?: MapAccess } | null | undefined): MapAccess | null {
  if (!map) return null;
  return map.access ?? { reach: "owner", redacted: false };
}

/** `?share=` of a page's query string: the token of the share link the page was opened with. */
export const shareTokenFromSearch = (search: string): string | null => new URLSearchParams(search).get("share") || null;

/** `?set-password=` of a page's query string: a one-time link's token. */
export const setPasswordTokenFromSearch = (search: string): string | null =>
  new URLSearchParams(search).get("set-password") || null;

/** The query string without a parameter (a used one-time token leaves the address bar and the history). */
export function withoutParam(search: string, key: string): string {
  const params = new URLSearchParams(search);
  params.delete(key);
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** A link the API gives as a path (`/?map=…&share=…`), made absolute so it can be sent to someone. */
export const absoluteLink = (pathOrUrl: string, origin: string): string => new URL(pathOrUrl, origin).toString();

export function throttledMessage(retryAfter: number | null): string {
  if (retryAfter === null) return "Too many sign-in attempts. Wait a moment, then try again.";
  if (retryAfter < 60)
    return `Too many sign-in attempts. Try again in ${retryAfter} second${retryAfter === 1 ? "" : "s"}.`;
  const minutes = Math.ceil(retryAfter / 60);
  return `Too many sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

export const VISIBILITY_LABELS: Record<Visibility, { label: string; help: string }> = {
  private: { label: "Private", help: "Only the map's members can open it." },
  link: {
    label: "Anyone with a link",
    help: "Members, and whoever has one of the share links below. Link visitors see families and individuals under pseudonyms.",
  },
  public: {
    label: "Public",
    help: "Anyone can open it without signing in, and sees families and individuals under pseudonyms.",
  },
};

export const ROLE_LABELS = {
  viewer: "Viewer: reads and analyses (sees pseudonyms)",
  editor: "Editor: changes data, commitments and surveys",
  owner: "Owner: also members, sharing and deletion",
} as const;

/** A date field's value (yyyy-mm-dd) as the end of that day in the browser's time zone, for an expiry. */
export function endOfDay(date: string): string | undefined {
  if (!date) return undefined;
  const d = new Date(`${date}T23:59:59`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** "12 Mar 2026", or "never" for no date. */
export function dateLabel(iso: string | null | undefined): string {
  if (!iso) return "never";
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" });
}
