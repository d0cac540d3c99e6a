// The check every request starts its transaction with: the map exists (404 otherwise), and so do the actors,
// categories, needs and offerings the request refers to (400, one issue per request field otherwise). Running it
// in the write's own transaction means nothing is written when a reference is missing.
import type { ManagedTransaction } from "neo4j-driver";
import { InvalidReferenceError, NotFoundError, type FieldIssue } from "../domain/errors";
import { rows } from "./session";

/** A reference to an item, with the request field that named it. */
export interface Ref {
  id: string;
  field: string;
}
export interface References {
  actors?: Ref[];
  categories?: Ref[];
  needs?: Ref[];
  offerings?: Ref[];
}

/** Fails with the issues when the map is absent (404) or referenced actors, categories or items are (400). */
export async function checkReferences(tx: ManagedTransaction, mapId: string, refs: References = {}): Promise<void> {
  const ids = (list: Ref[] = []) => [...new Set(list.map((r) => r.id))];
  const [check] = await rows(tx, "references-check", {
    mapId,
    actorIds: ids(refs.actors),
    categoryIds: ids(refs.categories),
    needIds: ids(refs.needs),
    offeringIds: ids(refs.offerings),
  });
  if (!check!.mapFound) throw new NotFoundError("Map", mapId);
  const issues: FieldIssue[] = [];
  const report = (list: Ref[] = [], missing: unknown, what: string) => {
    const set = new Set(missing as string[]);
    for (const r of list) if (set.has(r.id)) issues.push({ field: r.field, message: `unknown ${what} '${r.id}'` });
  };
  report(refs.actors, check!.missingActors, "actor");
  report(refs.offerings, check!.missingOfferings, "offering");
  report(refs.needs, check!.missingNeeds, "need");
  report(refs.categories, check!.missingCategories, "category");
  if (issues.length) throw new InvalidReferenceError(issues);
}
