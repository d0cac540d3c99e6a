// Supply and demand per category, rolled up the taxonomy, and per region: where demand outruns supply.
import { PRIORITY_WEIGHTS } from "../domain/priority";
import { categoryLineage, parentPath } from "../domain/taxonomy";
import { availableOfferings, isOpen, regionOf } from "./gaps-reach";
import type { EcosystemData, GapOptions, SupplyDemandEntry, SupplyDemandResult } from "./gaps-types";

interface Tally {
  demand: number;
  supply: number;
  needs: number;
  offerings: number;
}

function entry(t: Tally): SupplyDemandEntry {
  return {
    demand: t.demand,
    supply: t.supply,
    ratio: t.demand > 0 ? t.supply / t.demand : null,
    shortfall: Math.max(0, t.demand - t.supply),
    needs: t.needs,
    offerings: t.offerings,
  };
}

function tally<K>(map: Map<K, Tally>, key: K): Tally {
  let t = map.get(key);
  if (!t) map.set(key, (t = { demand: 0, supply: 0, needs: 0, offerings: 0 }));
  return t;
}

function byShortfall<T extends SupplyDemandEntry>(key: (e: T) => string): (a: T, b: T) => number {
  return (a, b) => b.shortfall - a.shortfall || b.demand - a.demand || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
}

/**
 * Demand (open and partially met quantity x priority weight) against supply (available capacity), per category
 * rolled up the taxonomy and per region of the actor holding the need or offering. Quantities of different units
 * are added as they come: the figures rank gaps, they do not price them.
 */
export function supplyAndDemand(data: EcosystemData, options: GapOptions = {}): SupplyDemandResult {
  const actors = new Map(data.actors.map((a) => [a.id, a]));
  const names = new Map((data.categories ?? []).map((c) => [c.id, c.name]));
  const categories = new Map<string, Tally>();
  const regions = new Map<string | null, Tally>();
  for (const need of data.needs) {
    if (!isOpen(need)) continue;
    const demand = need.quantity * PRIORITY_WEIGHTS[need.priority];
    for (const c of categoryLineage(need.category)) {
      const t = tally(categories, c);
      t.demand += demand;
      t.needs++;
    }
    const t = tally(regions, regionOf(actors.get(need.actorId)));
    t.demand += demand;
    t.needs++;
  }
  for (const offering of availableOfferings(data.offerings, options)) {
    for (const c of categoryLineage(offering.category)) {
      const t = tally(categories, c);
      t.supply += offering.capacity;
      t.offerings++;
    }
    const t = tally(regions, regionOf(actors.get(offering.actorId)));
    t.supply += offering.capacity;
    t.offerings++;
  }
  const byCategory = [...categories].map(([category, t]) => {
    return {
      category,
      name: names.get(category) ?? category,
      parent: parentPath(category),
      ...entry(t),
    };
  });
  const byRegion = [...regions].map(([region, t]) => ({ region, ...entry(t) }));
  byCategory.sort(byShortfall((e) => e.category));
  byRegion.sort(byShortfall((e) => e.region ?? ""));
  return { byCategory, byRegion };
}
