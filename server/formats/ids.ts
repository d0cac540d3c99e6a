// Ids of imported items: a deterministic slug for any text, and the table that maps a file's ids onto valid Atlas ids
// (the rule of a valid id is the domain's, server/domain/ids.ts).
import { createHash } from "node:crypto";
import { isValidId } from "../domain/ids";
import type { Issues, Where } from "./issues";

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
