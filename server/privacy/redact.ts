// Rewrites any response (a list, a detail, the whole graph, an analysis, matches, a bundle to export) for a reader
// who sees the map redacted, without knowing its shape: every string that is a protected id becomes its pseudonym,
// every protected name or id inside a string becomes the pseudonym, and the objects of a protected actor (the actor,
// its needs, offerings and commitments) lose their free text and contacts and keep only a coarse location.
// Objects that need no change are returned as they are (never mutated: analysis results are cached and shared).
import type { Owner, RedactionPlan } from "./plan";

/** Contacts and free notes: gone from a protected actor's objects. */
const DROPPED = new Set(["url", "address", "email", "phone", "note", "notes"]);
/**
 * Fields whose values are stamps, numbers or words of the domain's vocabularies, never a name, a text or an item id:
 * the walk leaves them as they are (most of an answer's strings are these).
 */
const PLAIN = new Set([
  "createdAt",
  "updatedAt",
  "type",
  "status",
  "priority",
  "unit",
  "modality",
  "currency",
  "dueDate",
  "validFrom",
  "validUntil",
  "since",
  "until",
  "at",
]);
/** Said when a protected name matched in a case that lower-casing does not map back (rare Unicode folds). */
const UNNAMED = "[redacted]";

export function redact<T>(value: T, plan: RedactionPlan): T {
  if (!plan.ids.size) return value;
  return walk(value, null, plan) as T;
}

function walk(value: unknown, owner: Owner | null, plan: RedactionPlan): unknown {
  if (typeof value === "string") return redactString(value, plan);
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      const next = walk(item, owner, plan);
      if (out) out.push(next);
      else if (next !== item) {
        out = value.slice(0, i);
        out.push(next);
      }
    }
    return out ?? value;
  }
  // Bytes, dates and other class instances carry no names the walker could read.
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  return walkObject(value as Record<string, unknown>, owner, plan);
}

function walkObject(object: Record<string, unknown>, inherited: Owner | null, plan: RedactionPlan) {
  const id = object.id;
  const actorId = object.actorId;
  const owner =
    (typeof id === "string" ? plan.owners.get(id) : undefined) ??
    (typeof actorId === "string" ? plan.owners.get(actorId) : undefined) ??
    inherited;
  const pseudonymName = typeof id === "string" ? plan.names.get(id) : undefined;
  const out: Record<string, unknown> = {};
  let changed = false;
  for (const key of Object.keys(object)) {
    const value = object[key];
    const outKey = plan.ids.get(key) ?? key;
    if (outKey !== key) changed = true;
    if (owner) {
      if (DROPPED.has(key)) {
        changed = true;
        // A list keeps its place, empty, so the answer keeps its shape (an under-served actor's notes, say).
        if (Array.isArray(value)) out[outKey] = [];
        continue;
      }
      const replaced = redactField(key, value, owner, pseudonymName);
      if (replaced !== KEEP) {
        changed = true;
        if (replaced !== undefined) out[outKey] = replaced;
        continue;
      }
    }
    const next = typeof value === "string" && PLAIN.has(key) ? value : walk(value, owner, plan);
    if (next !== value) changed = true;
    out[outKey] = next;
  }
  return changed ? out : object;
}

const KEEP = Symbol("keep");

/** What a field of a protected object becomes: KEEP to walk it as usual, undefined to drop it. */
function redactField(key: string, value: unknown, owner: Owner, pseudonymName: string | undefined): unknown {
  switch (key) {
    case "name":
      return pseudonymName !== undefined && typeof value === "string" ? pseudonymName : KEEP;
    case "description":
      return typeof value === "string" ? "" : KEEP;
    case "attributes":
      return value !== null && typeof value === "object" ? {} : undefined;
    case "location":
      return owner.location ? { ...owner.location } : undefined;
    case "lat":
    case "lon":
      return typeof value === "number" ? owner.location?.[key] : KEEP;
    default:
      return KEEP;
  }
}

/** Texts remembered per plan at most; past it the memory starts again (a plan lives for one map version). */
const MEMO_MAX = 200_000;

export function redactString(value: string, plan: RedactionPlan): string {
  const id = plan.ids.get(value);
  if (id !== undefined) return id;
  const pattern = plan.pattern;
  if (!pattern) return value;
  const known = plan.memo.get(value);
  if (known !== undefined) return known;
  pattern.lastIndex = 0;
  const out = pattern.test(value)
    ? value.replace(pattern, (match) => plan.replacements.get(match.toLowerCase()) ?? UNNAMED)
    : value;
  if (plan.memo.size >= MEMO_MAX) plan.memo.clear();
  plan.memo.set(value, out);
  return out;
}

/** A pseudonym a redacted reader sends back (in a path, a query or a body) read as the real id it stands for. */
export function unredactString(value: string, plan: RedactionPlan): string {
  return plan.reverse.get(value) ?? value;
}

export function unredact<T>(value: T, plan: RedactionPlan): T {
  if (!plan.reverse.size) return value;
  if (typeof value === "string") return unredactString(value, plan) as T;
  if (Array.isArray(value)) return value.map((v) => unredact(v, plan)) as T;
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unredact(v, plan)])) as T;
  }
  return value;
}

/**
 * A text search (`q`) runs on the full data; a protected object it found only through what the reader cannot see
 * (the real name, a description) would tell that reader what the hidden text holds, so it is left out of the page.
 * `total` drops by as many.
 */
export function dropHiddenMatches<T>(page: T, q: string, plan: RedactionPlan): T {
  if (page === null || typeof page !== "object" || !Array.isArray((page as { items?: unknown }).items)) return page;
  const list = page as unknown as { items: Record<string, unknown>[]; total?: number };
  const needle = q.trim().toLowerCase();
  const visible = (item: Record<string, unknown>) => {
    if (typeof item.id !== "string" || !plan.reverse.has(item.id)) return true;
    const texts = Object.values(item).flatMap((v) => (Array.isArray(v) ? v : [v]));
    return texts.some((v) => typeof v === "string" && v.toLowerCase().includes(needle));
  };
  const items = list.items.filter(visible);
  if (items.length === list.items.length) return page;
  const removed = list.items.length - items.length;
  return {
    ...list,
    items,
    ...(typeof list.total === "number" ? { total: Math.max(0, list.total - removed) } : {}),
  } as T;
}
