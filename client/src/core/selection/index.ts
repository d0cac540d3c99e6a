// What the person points at: the selected and hovered actor, the selected need, camera requests.
import type { SelectionState } from "./types";

export * from "./types";
export * from "./utils";

// Each request carries a new number so asking twice for the same view moves the camera twice.
const next = (s: SelectionState) => (s.camera?.nonce ?? 0) + 1;

export const selectActor =
  (selectedActorId: string | null) =>
  (s: SelectionState): SelectionState =>
    s.selectedActorId === selectedActorId ? s : { ...s, selectedActorId, selectedNeedId: null, path: [] };
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
    selectedNeedId: s.selectedActorId === id ? s.selectedNeedId : null,
    path: s.selectedActorId === id ? s.path : [],
    camera: { kind: "actors", ids: [id], nonce: next(s) },
  });
