// What redacting one version of a map takes, computed once per version: the pseudonym of every protected actor and
// of its needs, offerings, ties and commitments, both ways; each protected actor's coarse location; and one regular
// expression that finds any protected name or id inside a string.
import type { ActorType } from "../domain/vocabulary";
import { isProtected } from "./policy";
import { pseudonymCode, pseudonymId, pseudonymName, type PseudonymKind } from "./pseudonyms";

/** The parts of a map a plan is made from: a GraphView has them all. */
export interface PrivacySource {
  /** The map's secret key (the Map node's privacyKey). */
  key: string;
  version: number;
  redactedTypes: readonly ActorType[];
  actors: readonly {
    id: string;
    name: string;
    type: ActorType;
    sensitive?: boolean;
    location?: { lat: number; lon: number; region?: string };
  }[];
  needs: readonly { id: string; actorId: string }[];
  offerings: readonly { id: string; actorId: string }[];
  relationships: readonly { id: string; from: string; to: string }[];
  commitments: readonly { id: string; needId: string; offeringId: string }[];
}

export interface CoarseLocation {
  lat: number;
  lon: number;
  region: string;
}

/** The protected actor behind an object: what its location becomes. */
export interface Owner {
  location: CoarseLocation | null;
}

export interface RedactionPlan {
  version: number;
  /** Real id -> pseudonym id, for protected actors and their needs, offerings, ties and commitments. */
  ids: ReadonlyMap<string, string>;
  /** Pseudonym id -> real id, to read a pseudonym a redacted client sends back. */
  reverse: ReadonlyMap<string, string>;
  /** Ids of the objects whose free text and contacts go: protected actors, their needs, offerings, commitments. */
  owners: ReadonlyMap<string, Owner>;
  /** Real actor id -> pseudonym name. */
  names: ReadonlyMap<string, string>;
  /** Finds a protected name (any case) or id inside a string; null when the map protects nobody. */
  pattern: RegExp | null;
  /** Lower-cased text `pattern` matched -> what replaces it. */
  replacements: ReadonlyMap<string, string>;
  /** This version's own entries, which the next version's plan keeps too (see buildPlan). */
  readonly own: PlanEntries;
  /** Every item id of this version, protected or not: an id outside it was written since (see mentionsUnknown). */
  known: ReadonlySet<string>;
  /**
   * Texts already rewritten under this plan, and what they became: a map's answers repeat the same texts request
   * after request, so each is matched against the names once per version, not once per answer.
   */
  memo: Map<string, string>;
}

interface PlanEntries {
  ids: Map<string, string>;
  owners: Map<string, Owner>;
  names: Map<string, string>;
  /** Lower-cased text -> replacement, for names and ids found inside strings. */
  texts: Map<string, string>;
}

/** A region's centre is shown only when the region holds this many located actors: fewer would point at them. */
export const MIN_ACTORS_PER_REGION = 3;
/** Coarse coordinates keep three decimals (about 100 m), however many the mean has. */
const ROUND = 1000;

/**
 * The plan for `source`. Entries of `previous` (the plan of the version before) are kept for what `source` no longer
 * shows, so a response whose data was read just before a write (an actor renamed or deleted) is still redacted as that
 * data needs; an actor made public is shown at once.
 */
export function buildPlan(source: PrivacySource, previous?: RedactionPlan): RedactionPlan {
  const own = entriesOf(source);
  // What is public now may be shown at once: only entries of items gone since, or old names, are kept.
  const open = new Set<string>();
  for (const list of [source.actors, source.needs, source.offerings, source.relationships, source.commitments]) {
    for (const item of list) if (!own.ids.has(item.id)) open.add(item.id).add(item.id.toLowerCase());
  }
  for (const a of source.actors) if (!own.ids.has(a.id)) open.add(a.name.trim().toLowerCase());
  const kept = <V>(entries: Map<string, V> | undefined, current: Map<string, V>) => {
    const merged = new Map<string, V>();
    for (const [k, v] of entries ?? []) if (!open.has(k)) merged.set(k, v);
    for (const [k, v] of current) merged.set(k, v);
    return merged;
  };
  const ids = kept(previous?.own.ids, own.ids);
  const owners = kept(previous?.own.owners, own.owners);
  const names = kept(previous?.own.names, own.names);
  const texts = kept(previous?.own.texts, own.texts);
  return {
    version: source.version,
    ids,
    reverse: new Map([...ids].map(([real, pseudo]) => [pseudo, real])),
    owners,
    names,
    pattern: compilePattern(texts, new Set(ids.keys())),
    replacements: texts,
    own,
    memo: new Map(),
    known: new Set(
      [source.actors, source.needs, source.offerings, source.relationships, source.commitments].flatMap((list) =>
        list.map((item) => item.id),
      ),
    ),
  };
}

/** Fields that name a map item by id. */
const ITEM_REFERENCES = ["actorId", "needId", "offeringId", "from", "to"];

/**
 * Whether a payload names an item the plan does not know (written after the plan's version): an item object (one with
 * an `actorId`, or an actor's `type` and `name`) or a reference to one. Such a payload needs a fresher plan.
 */
export function mentionsUnknown(payload: unknown, plan: RedactionPlan): boolean {
  const pending: unknown[] = [payload];
  while (pending.length) {
    const node = pending.pop();
    if (node === null || typeof node !== "object") continue;
    if (Array.isArray(node)) {
      for (const child of node) pending.push(child);
      continue;
    }
    // Class instances (bytes, dates, streams) hold no items.
    const proto = Object.getPrototypeOf(node);
    if (proto !== Object.prototype && proto !== null) continue;
    const record = node as Record<string, unknown>;
    const item = typeof record.actorId === "string" || (typeof record.type === "string" && "name" in record);
    if (item && typeof record.id === "string" && !plan.known.has(record.id) && !plan.reverse.has(record.id))
      return true;
    for (const key of ITEM_REFERENCES) {
      const value = record[key];
      if (typeof value === "string" && !plan.known.has(value) && !plan.reverse.has(value)) return true;
    }
    for (const child of Object.values(record)) if (child !== null && typeof child === "object") pending.push(child);
  }
  return false;
}

function entriesOf(source: PrivacySource): PlanEntries {
  const entries: PlanEntries = { ids: new Map(), owners: new Map(), names: new Map(), texts: new Map() };
  const protectedActors = source.actors.filter((a) => isProtected(a, source.redactedTypes));
  if (!protectedActors.length) return entries;

  const used = new Set<string>();
  const codeFor = (kind: PseudonymKind, id: string) => {
    // Two ids of one map meeting on the same five characters take a longer code, the later one in id order.
    let length = 5;
    let code = pseudonymCode(source.key, kind, id, length);
    while (used.has(code)) code = pseudonymCode(source.key, kind, id, (length += 2));
    used.add(code);
    return code;
  };
  const add = (kind: PseudonymKind, id: string, owner?: Owner) => {
    if (entries.ids.has(id)) return;
    const code = codeFor(kind, id);
    entries.ids.set(id, pseudonymId(code));
    entries.texts.set(id.toLowerCase(), pseudonymId(code));
    if (owner) entries.owners.set(id, owner);
    return code;
  };

  const centres = regionCentres(source.actors);
  const actorOwners = new Map<string, Owner>();
  for (const actor of [...protectedActors].sort((a, b) => compare(a.id, b.id))) {
    const owner = { location: coarse(actor.location, centres) };
    actorOwners.set(actor.id, owner);
    const code = add("actor", actor.id, owner)!;
    const name = pseudonymName(actor.type, code);
    entries.names.set(actor.id, name);
    const lower = actor.name.trim().toLowerCase();
    if (lower && !entries.texts.has(lower)) entries.texts.set(lower, name);
  }
  const itemOwners = new Map<string, Owner>();
  for (const [kind, items] of [
    ["need", source.needs],
    ["offering", source.offerings],
  ] as const) {
    for (const item of sortedById(items)) {
      const owner = actorOwners.get(item.actorId);
      if (!owner) continue;
      itemOwners.set(item.id, owner);
      add(kind, item.id, owner);
    }
  }
  for (const tie of sortedById(source.relationships)) {
    if (actorOwners.has(tie.from) || actorOwners.has(tie.to)) add("relationship", tie.id);
  }
  for (const c of sortedById(source.commitments)) {
    const owner = itemOwners.get(c.needId) ?? itemOwners.get(c.offeringId);
    if (owner) add("commitment", c.id, owner);
  }
  return entries;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const sortedById = <T extends { id: string }>(items: readonly T[]) => [...items].sort((a, b) => compare(a.id, b.id));

interface Centre {
  lat: number;
  lon: number;
  count: number;
}

/** The mean position of the map's located actors in each region, with how many it averages. */
function regionCentres(actors: PrivacySource["actors"]): Map<string, Centre> {
  const sums = new Map<string, Centre>();
  for (const a of actors) {
    const region = a.location?.region;
    if (!region) continue;
    const sum = sums.get(region) ?? { lat: 0, lon: 0, count: 0 };
    sum.lat += a.location!.lat;
    sum.lon += a.location!.lon;
    sum.count++;
    sums.set(region, sum);
  }
  for (const sum of sums.values()) {
    sum.lat /= sum.count;
    sum.lon /= sum.count;
  }
  return sums;
}

/**
 * An actor's position coarsened to its region's centre. None without a region, in a region of too few actors, or
 * when the centre happens to fall on the actor itself.
 */
function coarse(location: PrivacySource["actors"][number]["location"], centres: Map<string, Centre>) {
  const region = location?.region;
  const centre = region ? centres.get(region) : undefined;
  if (!location || !region || !centre || centre.count < MIN_ACTORS_PER_REGION) return null;
  const lat = Math.round(centre.lat * ROUND) / ROUND;
  const lon = Math.round(centre.lon * ROUND) / ROUND;
  if (Math.abs(lat - location.lat) < 1 / ROUND && Math.abs(lon - location.lon) < 1 / ROUND) return null;
  return { lat, lon, region };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** Ids are made of [A-Za-z0-9._-]: one is found only where it stands whole, never inside a longer id or word. */
const ID_EDGE_BEFORE = "(?<![\\p{L}\\p{N}._-])";
const ID_EDGE_AFTER = "(?![\\p{L}\\p{N}._-])";
/** Names shorter than this are found only as whole words ("Al" must not rewrite "Almond"). */
const SHORT_NAME = 4;

/** One expression for every protected name and id, longest first so "Ana Maria Ruiz" wins over "Ana Maria". */
function compilePattern(texts: ReadonlyMap<string, string>, ids: ReadonlySet<string>): RegExp | null {
  if (!texts.size) return null;
  const lowerIds = new Set([...ids].map((id) => id.toLowerCase()));
  const alternatives = [...texts.keys()]
    .sort((a, b) => b.length - a.length || compare(a, b))
    .map((text) => {
      const body = escape(text);
      if (lowerIds.has(text)) return `${ID_EDGE_BEFORE}${body}${ID_EDGE_AFTER}`;
      if (text.length < SHORT_NAME) return `(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`;
      return body;
    });
  return new RegExp(alternatives.join("|"), "giu");
}
