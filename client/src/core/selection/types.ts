export type CameraRequest =
  | { kind: "fit"; nonce: number }
  | { kind: "selection"; nonce: number }
  | { kind: "actors"; ids: string[]; nonce: number };

/**
 * What a list points at on the map, such as a single point of failure (`focus`) and the actors its loss would
 * strand (`related`), or a cut tie (`ties`) and the actors on its far side.
 */
export interface Highlight {
  /** Tells two highlights apart (the list item's key). */
  key: string;
  focus: string[];
  related: string[];
  ties: Array<[string, string]>;
  /** The actor the highlight is about, if any: selecting another actor clears it. */
  actorId?: string;
}

export interface SelectionState {
  selectedActorId: string | null;
  hoveredActorId: string | null;
  selectedNeedId: string | null;
  /** Actors along a warm-introduction path shown on the map. */
  path: string[];
  camera: CameraRequest | null;
  /** Shown until cleared or until another actor is selected (a list item clicked). */
  highlight: Highlight | null;
  /** Shown while the pointer or focus is on a list item; wins over `highlight`. */
  hoverHighlight: Highlight | null;
}
