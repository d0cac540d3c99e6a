// The server's one spatial index: a static k-d tree over points (Bentley 1975, via kdbush) searched by great-circle
// distance (geokdbush, after Agafonkin). Gaps and matching both ask "which of these points lie within r km of
// here" through it, and judge the final distance by haversine (geo.ts), so they agree on who is within reach.
import KDBush from "kdbush";
import { around } from "geokdbush";
import { haversineKm, type LatLon } from "./geo";

export interface GeoTree {
  /** The largest radius a query into this tree needs (the longest reach among its points). */
  maxKm: number;
  tree: KDBush;
  /** The caller's item number of each tree point, in insertion order. */
  items: Int32Array;
}

/** A tree over `items` (the caller's numbers), placed by `lat` and `lon`; `maxKm` is kept for the caller. */
export function geoTree(
  items: readonly number[],
  lat: (item: number) => number,
  lon: (item: number) => number,
  maxKm = Infinity,
): GeoTree {
  const tree = new KDBush(Math.max(1, items.length));
  for (const i of items) tree.add(lon(i), lat(i));
  if (items.length === 0) tree.add(0, 0);
  tree.finish();
  return { maxKm, tree, items: Int32Array.from(items) };
}

/**
 * Calls `visit` with every item of the tree within `radiusKm` of `at` by haversine, nearest first. geokdbush
 * measures on a slightly different sphere, so the search runs a hair wider and haversine has the last word.
 */
export function pointsWithin(
  geo: GeoTree,
  at: LatLon,
  radiusKm: number,
  itemAt: (item: number) => LatLon,
  visit: (item: number, distanceKm: number) => void,
): void {
  if (geo.items.length === 0) return;
  for (const p of around(geo.tree, at.lon, at.lat, Infinity, radiusKm * 1.001 + 0.01)) {
    const item = geo.items[p]!;
    const d = haversineKm(at, itemAt(item));
    if (d <= radiusKm) visit(item, d);
  }
}

/** The tree's item nearest to `at` by haversine, or null when the tree is empty. */
export function nearestPoint(
  geo: GeoTree,
  at: LatLon,
  itemAt: (item: number) => LatLon,
): { item: number; distanceKm: number } | null {
  if (geo.items.length === 0) return null;
  // Great-circle order is the same on any sphere, so geokdbush's nearest is haversine's nearest too.
  const [p] = around(geo.tree, at.lon, at.lat, 1);
  if (p === undefined) return null;
  const item = geo.items[p]!;
  return { item, distanceKm: haversineKm(at, itemAt(item)) };
}
