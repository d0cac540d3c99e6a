// Supply and demand per category and unit, rolled up the taxonomy within each unit, and per region and unit: where
// demand outruns supply. Quantities of different units are never added: a row holds one unit, and a parent
// category gets one row per unit its descendants use (Funding in EUR, Scholarships rolled up in places).
import { isOpenNeed } from "../domain/fit";
import { PRIORITY_WEIGHTS } from "../domain/priority";
import { categoryLineage, parentPath } from "../domain/taxonomy";
import { analysisDate, outstandingOf, regionOf, remainingOf, supplyOfferings } from "./gaps-reach";
import type { EcosystemData, GapOptions, SupplyDemandEntry, SupplyDemandResult } from "./gaps-types";

interface Tally {
  unit: string;
  demand: number;
  weightedDemand: number;
  supply: number;
  needs: number;
  offerings: number;
}

function entry(t: Tally): SupplyDemandEntry {
  return {
    unit: t.unit,
    demand: t.demand,
    weightedDemand: t.weightedDemand,
    supply: t.supply,
    ratio: t.demand > 0 ? t.supply / t.demand : null,
    shortfall: Math.max(0, t.demand - t.supply),
    needs: t.needs,
    offerings: t.offerings,
  };
}

function tally<K>(map: Map<string, { key: K; t: Tally }>, key: K, unit: string): Tally {
  // A region named "null" and no region must not share a row.
  const id = `${key === null ? "\u0001" : String(key)}\u0000${unit}`;
  let row = map.get(id);
  if (!row) map.set(id, (row = { key, t: { unit, demand: 0, weightedDemand: 0, supply: 0, needs: 0, offerings: 0 } }));
  return row.t;
}

/**
 * Largest share of demand short first (shortfall / demand, a pure number, so rows of different units compare),
 * then more needs, then by key and unit so the order never depends on the input's.
 */
function byShortShare<T extends SupplyDemandEntry>(key: (e: T) => string): (a: T, b: T) => number {
  const short = (e: T) => (e.demand > 0 ? e.shortfall / e.demand : 0);
  const text = (e: T) => `${key(e)}\u0000${e.unit}`;
  return (a, b) => short(b) - short(a) || b.needs - a.needs || (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0);
}

/**
 * Demand (what open and partially met needs still ask for; also weighted by priority, as its own field) against
 * supply (remaining capacity of offerings available on the day), per category and unit rolled up the taxonomy,
 * and per region and unit of the actor holding the need or offering.
 */
export function supplyAndDemand(data: EcosystemData, options: GapOptions = {}): SupplyDemandResult {
  const actors = new Map(data.actors.map((a) => [a.id, a]));
  const names = new Map((data.categories ?? []).map((c) => [c.id, c.name]));
  const categories = new Map<string, { key: string; t: Tally }>();
  const regions = new Map<string, { key: string | null; t: Tally }>();
  for (const need of data.needs) {
    if (!isOpenNeed(need.status)) continue;
    const quantity = outstandingOf(need, options);
    const add = (t: Tally) => {
      t.demand += quantity;
      t.weightedDemand += quantity * PRIORITY_WEIGHTS[need.priority];
      t.needs++;
    };
    for (const c of categoryLineage(need.category)) add(tally(categories, c, need.unit));
    add(tally(regions, regionOf(actors.get(need.actorId)), need.unit));
  }
  for (const offering of supplyOfferings(data.offerings, analysisDate(options))) {
    const add = (t: Tally) => {
      t.supply += remainingOf(offering);
      t.offerings++;
    };
    for (const c of categoryLineage(offering.category)) add(tally(categories, c, offering.unit));
    add(tally(regions, regionOf(actors.get(offering.actorId)), offering.unit));
  }
  const byCategory = [...categories.values()].map(({ key, t }) => ({
    category: key,
    name: names.get(key) ?? key,
    parent: parentPath(key),
    ...entry(t),
  }));
  const byRegion = [...regions.values()].map(({ key, t }) => ({ region: key, ...entry(t) }));
  byCategory.sort(byShortShare((e) => e.category));
  byRegion.sort(byShortShare((e) => e.region ?? ""));
  return { byCategory, byRegion };
}
