import type { SelectionState } from "./types";

export function getEmptySelectionState(): SelectionState {
  return {
    selectedActorId: null,
    hoveredActorId: null,
    selectedNeedId: null,
    path: [],
    camera: null,
    highlight: null,
    hoverHighlight: null,
  };
}
