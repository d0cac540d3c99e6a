import type { Ecosystem } from "../graph/types";
import { neighbourhood } from "../graph/utils";
import type { TieSelection } from "../surveyAnalysis/types";
import type { FiltersState } from "./types";

export function getEmptyFiltersState(): FiltersState {
  return {
    actorTypes: [],
    relationshipTypes: [],
    categories: [],
    regions: [],
    thresholdMetric: "degree",
    threshold: 0,
    focus: null,
  };
}

function isFiltering(f: FiltersState): boolean {
  return !!(f.actorTypes.length || f.categories.length || f.regions.length || f.threshold > 0 || f.focus);
}

/** Which ties the analyses count under these filters. */
export const tieSelection = (f: FiltersState): TieSelection => (f.confirmedTiesOnly ? "confirmed" : "all");

export function activeFilterCount(f: FiltersState): number {
  return (
    (f.actorTypes.length ? 1 : 0) +
    (f.relationshipTypes.length ? 1 : 0) +
    (f.categories.length ? 1 : 0) +
    (f.regions.length ? 1 : 0) +
    (f.threshold > 0 ? 1 : 0) +
    (f.focus ? 1 : 0) +
    (f.confirmedTiesOnly ? 1 : 0)
  );
}

/**
 * The actors the filters keep, or null when they keep everyone (the common case, which costs nothing).
 * `metric` holds the values of `thresholdMetric`; when it is unavailable the threshold is ignored.
 */
export function visibleActors(eco: Ecosystem, f: FiltersState, metric: Map<string, number> | null): Set<string> | null {
  if (!isFiltering(f)) return null;
  const types = f.actorTypes.length ? new Set<string>(f.actorTypes) : null;
  const regions = f.regions.length ? new Set(f.regions) : null;
  const focus =
    f.focus && eco.actors.has(f.focus.actorId) ? neighbourhood(eco.neighbours, f.focus.actorId, f.focus.depth) : null;
  let min = -Infinity;
  if (f.threshold > 0 && metric) {
    let max = 0;
    for (const v of metric.values()) if (v > max) max = v;
    min = f.threshold * max;
  }
  const out = new Set<string>();
  for (const a of eco.view.actors) {
    if (types && !types.has(a.type)) continue;
    if (regions && !(a.location?.region && regions.has(a.location.region))) continue;
    if (f.categories.length) {
      const cats = eco.actorCategories.get(a.id);
      if (!cats || !f.categories.some((c) => cats.has(c))) continue;
    }
    if (min > -Infinity && (metric?.get(a.id) ?? 0) < min) continue;
    if (focus && !focus.has(a.id)) continue;
    out.add(a.id);
  }
  return out;
}
