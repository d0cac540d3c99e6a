// The one client store: every domain's state side by side, changed only through the domains' pure producers.
// Server data is not here: react-query holds it (see hooks.ts).
import { createStore, type StoreApi } from "zustand/vanilla";
import { getEmptyAppearanceState, type AppearanceState } from "./appearance";
import { getEmptyAuthState, type AuthState } from "./auth";
import { getEmptyFiltersState, type FiltersState } from "./filters";
import { getEmptyLayoutState, type LayoutState } from "./layout";
import { getEmptySelectionState, type SelectionState } from "./selection";
import { getEmptyUiState, type UiState } from "./ui";

export interface AtlasState {
  appearance: AppearanceState;
  filters: FiltersState;
  selection: SelectionState;
  layout: LayoutState;
  ui: UiState;
  auth: AuthState;
}

export type Producer<S> = (state: S) => S;

export interface AtlasStoreState extends AtlasState {
  update<K extends keyof AtlasState>(key: K, producer: Producer<AtlasState[K]>): void;
  /** Switches to another map: selection and filters belong to the map they were made on. */
  chooseMap(mapId: string | null): void;
  /** A change across slices in one step (opening an actor's details, restoring a view from the URL). */
  apply(producer: Producer<AtlasState>): void;
}

export type AtlasStore = StoreApi<AtlasStoreState>;

export function getEmptyAtlasState(mapId: string | null = null): AtlasState {
  return {
    appearance: getEmptyAppearanceState(),
    filters: getEmptyFiltersState(),
    selection: getEmptySelectionState(),
    layout: getEmptyLayoutState(),
    ui: getEmptyUiState(mapId),
    auth: getEmptyAuthState(),
  };
}

export function createAtlasStore(initial: Partial<AtlasState> = {}): AtlasStore {
  return createStore<AtlasStoreState>()((set) => ({
    ...getEmptyAtlasState(),
    ...initial,
    update: (key, producer) =>
      set((s) => {
        const next = producer(s[key]);
        return next === s[key] ? s : ({ [key]: next } as Partial<AtlasStoreState>);
      }),
    apply: (producer) =>
      set((s) => {
        const next = producer(s);
        return next === s ? s : next;
      }),
    chooseMap: (mapId) =>
      set((s) =>
        s.ui.mapId === mapId
          ? s
          : {
              ui: { ...s.ui, mapId, editor: null },
              selection: getEmptySelectionState(),
              filters: getEmptyFiltersState(),
              layout: getEmptyLayoutState(),
            },
      ),
  }));
}
