// Web addresses read from files: an address with a scheme other than http(s) (`javascript:`, `data:`, `vbscript:`,
// `ftp:` ...) is left out with a warning, as other unusable optional values are, rather than refusing the whole item.
import type { Issues, Where } from "./issues";

/** The address to keep, or undefined (and a warning) when its scheme is not http(s). */
export function webUrl(text: string | undefined, issues: Issues, where: Where): string | undefined {
  if (text === undefined) return undefined;
  let scheme: string;
  try {
    scheme = new URL(text.trim()).protocol;
  } catch {
    // Not an address at all: the item's schema refuses it and names the field.
    return text;
  }
  if (scheme === "http:" || scheme === "https:") return text;
  const shown = text.length > 60 ? `${text.slice(0, 60)}…` : text;
  issues.warn("invalid_value", `'${shown}' is not an http:// or https:// address and was left out`, where);
  return undefined;
}
