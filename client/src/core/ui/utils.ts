import type { UiState } from "./types";

export function getEmptyUiState(mapId: string | null = null): UiState {
  return { mapId, view: "map", panel: "details", editor: null, toast: null };
}
