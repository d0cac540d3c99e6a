/**
 * `force`: ForceAtlas2 positions (run in a web worker); `community`: Louvain communities packed as groups, each laid
 * out by ForceAtlas2 within; `geo`: latitude and longitude on the Web Mercator plane.
 */
export type LayoutKind = "force" | "community" | "geo";

export interface LayoutState {
  kind: LayoutKind;
  /** ForceAtlas2 is iterating in its worker. */
  running: boolean;
  /** A new map's first ForceAtlas2 layout is being computed (see settle.ts): the camera waits for the actors. */
  settling: boolean;
}

export interface Point {
  x: number;
  y: number;
}

/** A region's outline in the geographic layout: the convex hull of its located actors, in graph coordinates. */
export interface RegionHull {
  region: string;
  /** Counter-clockwise; one point for a region of one actor, two for a segment. */
  hull: Point[];
  actors: number;
}

/** The geographic layout: located actors on the Web Mercator plane, the others listed apart. */
export interface GeoLayout {
  positions: Map<string, Point>;
  /** Actors without coordinates, sorted by id: they wait in the tray, hidden at the centre of the located ones. */
  unlocated: string[];
}
