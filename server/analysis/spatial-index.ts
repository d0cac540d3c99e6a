// The server's one spatial index: a static k-d tree over points (Bentley 1975, via kdbush) searched by great-circle
// distance (geokdbush, after Agafonkin). Gaps and matching both ask "which of these points lie within r km of
// here" through it, and judge the final distance by haversine (geo.ts), so they agree on who is within reach.
import KDBush from "kdbush";
import { around } from "geokdbush";
import { EARTH_RADIUS_KM, haversineKm, type LatLon } from "./geo";

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

/** Half the Earth's circumference on the haversine sphere (geo.ts): no circle is wider. */
const HALF_CIRCUMFERENCE_KM = Math.PI * EARTH_RADIUS_KM;
const DEG = 180 / Math.PI;

/**
 * Calls `visit` with every item of the tree within `radiusKm` of `at` by haversine, nearest first. The tree is
 * searched by the bounding box of the spherical cap (latitude +- r/R; longitude +- asin(sin(r/R) / cos(lat)), split
 * at the antimeridian), which kdbush answers without the priority queue of a nearest-first search; a cap that holds
 * a pole falls back to geokdbush's great-circle search. Haversine has the last word either way.
 */
export function pointsWithin(
  geo: GeoTree,
  at: LatLon,
  radiusKm: number,
  itemAt: (item: number) => LatLon,
  visit: (item: number, distanceKm: number) => void,
  /** false when the caller takes every point anyway: skips the sort (gaps; matching stops early, so it sorts). */
  nearestFirst = true,
): void {
  if (geo.items.length === 0 || !(radiusKm >= 0)) return;
  const items: number[] = [];
  const distances: number[] = [];
  const judge = (p: number) => {
    const item = geo.items[p]!;
    const d = haversineKm(at, itemAt(item));
    if (d > radiusKm) return;
    if (nearestFirst) {
      items.push(item);
      distances.push(d);
    } else visit(item, d);
  };
  // A hair wider than the cap, so that rounding never drops a point haversine would keep.
  const angle = (radiusKm * 1.000001 + 1e-6) / EARTH_RADIUS_KM;
  const dLat = angle * DEG;
  if (radiusKm >= HALF_CIRCUMFERENCE_KM) {
    // Every point is that close; geokdbush's pruning misses some beyond half the circumference.
    for (let p = 0; p < geo.items.length; p++) judge(p);
  } else if (Math.abs(at.lat) + dLat >= 90) {
    for (const p of around(geo.tree, at.lon, at.lat, Infinity, radiusKm * 1.001 + 0.01)) judge(p);
  } else {
    const dLon = Math.asin(Math.min(1, Math.sin(angle) / Math.cos(at.lat / DEG))) * DEG;
    const minLat = at.lat - dLat;
    const maxLat = at.lat + dLat;
    const west = at.lon - dLon;
    const east = at.lon + dLon;
    if (dLon >= 180 || east - west >= 360) {
      for (const p of geo.tree.range(-180, minLat, 180, maxLat)) judge(p);
    } else {
      for (const p of geo.tree.range(Math.max(-180, west), minLat, Math.min(180, east), maxLat)) judge(p);
      if (west < -180) for (const p of geo.tree.range(west + 360, minLat, 180, maxLat)) judge(p);
      if (east > 180) for (const p of geo.tree.range(-180, minLat, east - 360, maxLat)) judge(p);
    }
  }
  if (!nearestFirst) return;
  const order = items.map((_, k) => k);
  order.sort((a, b) => distances[a]! - distances[b]! || items[a]! - items[b]!);
  for (const k of order) visit(items[k]!, distances[k]!);
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
