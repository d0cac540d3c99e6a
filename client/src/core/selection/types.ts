export type CameraRequest =
  | { kind: "fit"; nonce: number }
  | { kind: "selection"; nonce: number }
  | { kind: "actors"; ids: string[]; nonce: number };

export interface SelectionState {
  selectedActorId: string | null;
  hoveredActorId: string | null;
  selectedNeedId: string | null;
  /** Actors along a warm-introduction path shown on the map. */
  path: string[];
  camera: CameraRequest | null;
}
