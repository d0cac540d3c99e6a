// The end of every import: the whole-bundle check (duplicate ids, ties of an actor to itself, references to nothing,
// category parents, the bundle's size caps) and the result, all or nothing: any error means no bundle.
import { parentPath } from "../domain/taxonomy";
import type { Bundle } from "../schemas/domain";
import { originColumn, sortIssues, type Issues, type Origins, type OriginWithColumns, type Where } from "./issues";
import type { Format, ImportOptions, ImportResult } from "./types";
import { MAX_ITEMS } from "./limits";
import { assignUnits, type UnmappedUnits } from "./units";

export function emptyResult(format: Format | "unknown", files: string[], issues: Issues, rows = 0): ImportResult {
  return {
    bundle: null,
    report: {
      format,
      files,
      rows,
      counts: { categories: 0, actors: 0, relationships: 0, needs: 0, offerings: 0, commitments: 0 },
      issues: sortIssues(issues.list),
      omittedIssues: issues.omitted,
    },
  };
}

/** The one exit of every importer: errors mean no bundle. */
export function finish(format: Format, files: string[], rows: number, bundle: Bundle, issues: Issues): ImportResult {
  // Also checked here, as the Bundle schema does: not every reader stops at the limit while streaming.
  for (const kind of Object.keys(MAX_ITEMS) as (keyof Bundle)[]) {
    if (bundle[kind].length > MAX_ITEMS[kind]) {
      issues.error("too_large", `${bundle[kind].length} ${kind} in one import; at most ${MAX_ITEMS[kind]} are allowed`);
    }
  }
  if (issues.errors > 0) return emptyResult(format, files, issues, rows);
  return {
    bundle,
    report: {
      format,
      files,
      rows,
      counts: {
        categories: bundle.categories.length,
        actors: bundle.actors.length,
        relationships: bundle.relationships.length,
        needs: bundle.needs.length,
        offerings: bundle.offerings.length,
        commitments: bundle.commitments.length,
      },
      issues: sortIssues(issues.list),
      omittedIssues: issues.omitted,
    },
  };
}

/**
 * Duplicate ids, ties of an actor to itself and references to nothing, over the whole bundle: the same checks as the
 * store's, but naming the file, row and column. References to a kind of item the import does not carry at all are
 * left to the store unless `known` lists the map's ids.
 */
export function checkBundle(
  bundle: Bundle,
  issues: Issues,
  origins: Origins,
  options?: ImportOptions,
  unmapped?: UnmappedUnits,
): void {
  assignUnits(bundle, issues, origins, options, unmapped);
  const at = (kind: keyof Bundle, i: number): OriginWithColumns =>
    origins.locate(kind, i) ?? { field: `${kind}[${i}]` };
  const describe = (w: Where) =>
    w.row !== undefined ? `row ${w.row}${w.file ? ` of ${w.file}` : ""}` : (w.field ?? "?");
  const ids = (kind: keyof Bundle) => {
    const first = new Map<string, number>();
    const list = bundle[kind] as { id?: string }[];
    for (let i = 0; i < list.length; i++) {
      const id = list[i]!.id;
      if (id === undefined) continue;
      const seen = first.get(id);
      if (seen === undefined) {
        first.set(id, i);
        continue;
      }
      const noun = kind === "categories" ? "category" : kind.slice(0, -1);
      const b = at(kind, i);
      issues.error(
        "duplicate_id",
        `duplicate ${noun} id '${id}' in ${describe(at(kind, seen))} and ${describe(b)}`,
        originColumn(b, "id"),
      );
    }
    return first;
  };
  const categories = ids("categories");
  const actors = ids("actors");
  const needs = ids("needs");
  const offerings = ids("offerings");
  ids("relationships");
  ids("commitments");

  const known = (list: Iterable<string> | undefined) => (list ? new Set(list) : undefined);
  const knownActors = known(options?.known?.actors);
  const knownCategories = known(options?.known?.categories);
  const knownNeeds = known(options?.known?.needs);
  const knownOfferings = known(options?.known?.offerings);
  /** Checks one reference; where it came from is only worked out for the few that fail. */
  const ref = (
    target: string,
    pool: Map<string, number>,
    extra: Set<string> | undefined,
    id: string,
    kind: keyof Bundle,
    i: number,
    column: string,
  ) => {
    if (pool.has(id) || extra?.has(id)) return;
    issues.error(
      "dangling_reference",
      `${column} '${id}' names no ${target} in this import${extra ? " or the map" : ""}`,
      originColumn(at(kind, i), column),
    );
  };
  // A kind of item is checkable when the import carries some of it or the caller said what the map holds.
  const actorsCheckable = bundle.actors.length > 0 || knownActors !== undefined;
  // Categories are the exception: an import may add a few to a map whose taxonomy it does not carry.
  const categoriesCheckable = knownCategories !== undefined;
  const needsCheckable = bundle.needs.length > 0 || knownNeeds !== undefined;
  const offeringsCheckable = bundle.offerings.length > 0 || knownOfferings !== undefined;

  const ties = bundle.relationships;
  for (let i = 0; i < ties.length; i++) {
    const r = ties[i]!;
    if (r.from === r.to)
      issues.error(
        "invalid_value",
        `an actor cannot be tied to itself ('${r.from}')`,
        originColumn(at("relationships", i), "to"),
      );
    if (!actorsCheckable) continue;
    ref("actor", actors, knownActors, r.from, "relationships", i, "from");
    ref("actor", actors, knownActors, r.to, "relationships", i, "to");
  }
  for (const kind of ["needs", "offerings"] as const) {
    const list = bundle[kind];
    for (let i = 0; i < list.length; i++) {
      const item = list[i]!;
      if (actorsCheckable) ref("actor", actors, knownActors, item.actorId, kind, i, "actorId");
      if (categoriesCheckable) ref("category", categories, knownCategories, item.category, kind, i, "category");
    }
  }
  bundle.categories.forEach((c, i) => {
    const parent = parentPath(c.id);
    if (parent === null) return;
    if (c.parent !== undefined && c.parent !== parent) {
      issues.error(
        "invalid_value",
        `parent must be '${parent}', the path above '${c.id}'`,
        originColumn(at("categories", i), "parent"),
      );
    }
    // Without the map's taxonomy the parent may well be in the map already: the store checks it then.
    if (knownCategories) ref("category", categories, knownCategories, parent, "categories", i, "parent");
  });
  bundle.commitments.forEach((c, i) => {
    if (needsCheckable) ref("need", needs, knownNeeds, c.needId, "commitments", i, "needId");
    if (offeringsCheckable) ref("offering", offerings, knownOfferings, c.offeringId, "commitments", i, "offeringId");
    // Both ends in the import: their units are known here (the store checks those of the map's own items).
    const n = needs.get(c.needId);
    const o = offerings.get(c.offeringId);
    if (n === undefined || o === undefined) return;
    const needUnit = bundle.needs[n]!.unit;
    const offeringUnit = bundle.offerings[o]!.unit;
    if (needUnit !== offeringUnit) {
      issues.error(
        "invalid_value",
        `offering '${c.offeringId}' counts in ${offeringUnit} and need '${c.needId}' in ${needUnit}; a commitment needs one unit`,
        originColumn(at("commitments", i), "offeringId"),
      );
    } else if (c.unit !== undefined && c.unit !== offeringUnit) {
      issues.error(
        "invalid_value",
        `unit ${c.unit} is not the unit its offering and need count in (${offeringUnit})`,
        originColumn(at("commitments", i), "unit"),
      );
    }
  });
}
