// What an import checks before it writes: the bundle on its own (duplicate ids, a category parent that contradicts
// its path, a tie from an actor to itself), and then which of its references the map, not the bundle, must hold.
import type { Bundle } from "../schemas/domain";
import { InvalidReferenceError, type FieldIssue } from "../domain/errors";
import { relationshipIds } from "../domain/ids";
import { parentPath } from "../domain/taxonomy";
import type { References } from "./references";

/** A bundle that passed its own checks, every relationship with an id, and what the map must hold for it. */
export interface CheckedBundle {
  items: Bundle & { relationships: (Bundle["relationships"][number] & { id: string })[] };
  references: References;
}

/** Fails with every issue of the bundle on its own (400); otherwise names the references the map must resolve. */
export function checkBundle(bundle: Bundle): CheckedBundle {
  const issues = bundleIssues(bundle);
  if (issues.length) throw new InvalidReferenceError(issues);
  const items = { ...bundle, relationships: withRelationshipIds(bundle.relationships) };
  return { items, references: outsideReferences(items) };
}

/** Checks a bundle on its own: duplicate ids and categories whose stated parent contradicts their path. */
function bundleIssues(bundle: Bundle): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const duplicates = (kind: string, items: { id?: string }[]) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (item.id === undefined) return;
      if (seen.has(item.id)) issues.push({ field: `${kind}[${i}].id`, message: `duplicate id '${item.id}'` });
      seen.add(item.id);
    });
  };
  duplicates("categories", bundle.categories);
  duplicates("actors", bundle.actors);
  duplicates("relationships", bundle.relationships);
  duplicates("needs", bundle.needs);
  duplicates("offerings", bundle.offerings);
  duplicates("commitments", bundle.commitments);
  bundle.categories.forEach((c, i) => {
    if (c.parent !== undefined && c.parent !== (parentPath(c.id) ?? undefined)) {
      issues.push({
        field: `categories[${i}].parent`,
        message: `must be '${parentPath(c.id) ?? "(none)"}', the path above '${c.id}'`,
      });
    }
  });
  bundle.relationships.forEach((r, i) => {
    if (r.from === r.to) issues.push({ field: `relationships[${i}].to`, message: "an actor cannot be tied to itself" });
  });
  return issues;
}

/** Relationships without an id get one derived from their ends and type, so re-importing a file changes nothing. */
function withRelationshipIds(list: Bundle["relationships"]) {
  const ids = relationshipIds(list);
  return list.map((r, i) => ({ ...r, id: ids[i]! }));
}

/**
 * The references the bundle does not resolve itself, each with the field that names it: only these are checked
 * against the map, since a 100k-actor bundle has a million others.
 */
function outsideReferences(bundle: CheckedBundle["items"]): References {
  const bundleActors = new Set(bundle.actors.map((a) => a.id));
  const bundleCategories = new Set(bundle.categories.map((c) => c.id));
  const actors: References["actors"] = [];
  // The field name is built only for a reference left over, which is rare.
  const refer = (id: string, field: () => string) => {
    if (!bundleActors.has(id)) actors.push({ id, field: field() });
  };
  bundle.relationships.forEach((r, i) => {
    refer(r.from, () => `relationships[${i}].from`);
    refer(r.to, () => `relationships[${i}].to`);
  });
  bundle.needs.forEach((n, i) => refer(n.actorId, () => `needs[${i}].actorId`));
  bundle.offerings.forEach((o, i) => refer(o.actorId, () => `offerings[${i}].actorId`));
  const bundleNeeds = new Set(bundle.needs.map((n) => n.id));
  const bundleOfferings = new Set(bundle.offerings.map((o) => o.id));
  const needs = bundle.commitments
    .map((c, i) => ({ id: c.needId, field: `commitments[${i}].needId` }))
    .filter((ref) => !bundleNeeds.has(ref.id));
  const offerings = bundle.commitments
    .map((c, i) => ({ id: c.offeringId, field: `commitments[${i}].offeringId` }))
    .filter((ref) => !bundleOfferings.has(ref.id));
  const categories = [
    ...bundle.categories.flatMap((c, i) => {
      const parent = parentPath(c.id);
      return parent ? [{ id: parent, field: `categories[${i}].parent` }] : [];
    }),
    ...bundle.needs.map((n, i) => ({ id: n.category, field: `needs[${i}].category` })),
    ...bundle.offerings.map((o, i) => ({ id: o.category, field: `offerings[${i}].category` })),
  ].filter((ref) => !bundleCategories.has(ref.id));
  return { actors, categories, needs, offerings };
}
