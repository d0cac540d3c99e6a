/** `force`: ForceAtlas2 positions (run in a web worker); `geo`: latitude and longitude. */
export type LayoutKind = "force" | "geo";

export interface LayoutState {
  kind: LayoutKind;
  /** ForceAtlas2 is iterating in its worker. */
  running: boolean;
  /** A new map's first ForceAtlas2 layout is being computed (see settle.ts): the camera waits for the actors. */
  settling: boolean;
}
