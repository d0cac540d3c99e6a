// The default units of a map's categories, for needs and offerings written without a unit of their own.
import type { ManagedTransaction } from "neo4j-driver";
import { defaultUnitFor } from "../domain/units";
import { categoryLineage } from "../domain/taxonomy";
import { rows } from "./session";

export type CategoryUnits = Map<string, string | undefined>;

/** The units the map's categories give `categories` and their ancestors, read in the caller's transaction. */
export async function categoryUnits(
  tx: ManagedTransaction,
  mapId: string,
  categories: Iterable<string>,
): Promise<CategoryUnits> {
  const ids = new Set<string>();
  for (const c of categories) for (const p of categoryLineage(c)) ids.add(p);
  const out: CategoryUnits = new Map();
  if (!ids.size) return out;
  for (const r of await rows(tx, "category-units", { mapId, ids: [...ids] })) {
    out.set(r.id as string, (r.unit as string | null) ?? undefined);
  }
  return out;
}

/** The items with a unit each: their own, else their category's default (server/domain/units.ts defaultUnitFor). */
export function withUnits<T extends { category: string; unit?: string }>(
  items: readonly T[],
  units: CategoryUnits,
): (T & { unit: string })[] {
  return items.map((i) => (i.unit ? (i as T & { unit: string }) : { ...i, unit: defaultUnitFor(i.category, units) }));
}
