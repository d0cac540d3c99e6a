// Find and filter: which actors and ties the map shows.
import type { ActorType, RelationshipType } from "../api/types";
import type { FiltersState, FocusState, MetricKey } from "./types";
import { getEmptyFiltersState } from "./utils";

export * from "./types";
export * from "./utils";

const toggle = <T>(list: T[], item: T): T[] => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]);

export const toggleActorType =
  (t: ActorType) =>
  (s: FiltersState): FiltersState => ({ ...s, actorTypes: toggle(s.actorTypes, t) });
export const toggleRelationshipType =
  (t: RelationshipType) =>
  (s: FiltersState): FiltersState => ({
    ...s,
    relationshipTypes: toggle(s.relationshipTypes, t),
  });
export const setCategories =
  (categories: string[]) =>
  (s: FiltersState): FiltersState => ({ ...s, categories });
export const setRegions =
  (regions: string[]) =>
  (s: FiltersState): FiltersState => ({ ...s, regions });
export const setThreshold =
  (thresholdMetric: MetricKey, threshold: number) =>
  (s: FiltersState): FiltersState => ({
    ...s,
    thresholdMetric,
    threshold: Math.min(1, Math.max(0, threshold)),
  });
export const setFocus =
  (focus: FocusState | null) =>
  (s: FiltersState): FiltersState => ({ ...s, focus });
export const setConfirmedTiesOnly =
  (on: boolean) =>
  (s: FiltersState): FiltersState => {
    const { confirmedTiesOnly: _was, ...rest } = s;
    return on ? { ...rest, confirmedTiesOnly: true } : rest;
  };
export const resetFilters = () => (): FiltersState => getEmptyFiltersState();
