// What the person points at: the selected and hovered actor, the selected need, camera requests.
import type { AtlasState } from "../store";
import type { Highlight, SelectionState } from "./types";

export * from "./types";
export * from "./utils";

/** A highlight about one actor goes when another is selected, any highlight when nothing is; one about a tie stays. */
const keptFor = (h: Highlight | null, id: string | null) =>
  !h || id === null || (h.actorId !== undefined && h.actorId !== id) ? null : h;

// Each request carries a new number so asking twice for the same view moves the camera twice.
const next = (s: SelectionState) => (s.camera?.nonce ?? 0) + 1;

export const selectActor =
  (selectedActorId: string | null) =>
  (s: SelectionState): SelectionState => {
    const highlight = keptFor(s.highlight, selectedActorId);
    if (s.selectedActorId === selectedActorId) return highlight === s.highlight ? s : { ...s, highlight };
    return { ...s, selectedActorId, selectedNeedId: null, path: [], highlight };
  };
export const hoverActor =
  (hoveredActorId: string | null) =>
  (s: SelectionState): SelectionState =>
    s.hoveredActorId === hoveredActorId ? s : { ...s, hoveredActorId };
export const selectNeed =
  (selectedNeedId: string | null) =>
  (s: SelectionState): SelectionState => ({ ...s, selectedNeedId, path: [] });
export const showPath =
  (path: string[]) =>
  (s: SelectionState): SelectionState => ({ ...s, path });
export const zoomToFit =
  () =>
  (s: SelectionState): SelectionState => ({ ...s, camera: { kind: "fit", nonce: next(s) } });
export const zoomToSelection =
  () =>
  (s: SelectionState): SelectionState => ({ ...s, camera: { kind: "selection", nonce: next(s) } });
export const zoomToActors =
  (ids: string[]) =>
  (s: SelectionState): SelectionState => ({ ...s, camera: { kind: "actors", ids, nonce: next(s) } });
/** Selects an actor and brings it into view: what clicking an item in a list does. */
export const focusActor =
  (id: string) =>
  (s: SelectionState): SelectionState => ({
    ...s,
    selectedActorId: id,
    highlight: keptFor(s.highlight, id),
    selectedNeedId: s.selectedActorId === id ? s.selectedNeedId : null,
    path: s.selectedActorId === id ? s.path : [],
    camera: { kind: "actors", ids: [id], nonce: next(s) },
  });

/** Opens an actor's details wherever it was picked (a list, the search, the map): selects it, frames it, shows the tab. */
export const openActor =
  (id: string) =>
  (s: AtlasState): AtlasState => ({
    ...s,
    selection: focusActor(id)(s.selection),
    ui: s.ui.panel === "details" ? s.ui : { ...s.ui, panel: "details" },
  });
export const setHighlight =
  (highlight: Highlight | null) =>
  (s: SelectionState): SelectionState =>
    s.highlight === highlight ? s : { ...s, highlight };
export const setHoverHighlight =
  (hoverHighlight: Highlight | null) =>
  (s: SelectionState): SelectionState =>
    s.hoverHighlight?.key === hoverHighlight?.key ? s : { ...s, hoverHighlight };
