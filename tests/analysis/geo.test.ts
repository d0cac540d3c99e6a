import { describe, expect, it } from "vitest";
import { createRng, haversineKm } from "../../server/analysis";
import type { LatLon } from "../../server/analysis";
import { geoTree, nearestPoint, pointsWithin } from "../../server/analysis/spatial-index";

describe("spatial index (k-d tree, great-circle search)", () => {
  const rng = createRng(5);
  // Clustered points plus a few near the poles and across the antimeridian, where flat indexes usually go wrong.
  const points: LatLon[] = [];
  for (let i = 0; i < 2000; i++) points.push({ lat: 40 + rng() * 10, lon: -5 + rng() * 20 });
  for (let i = 0; i < 50; i++) points.push({ lat: 88 + rng() * 2, lon: -180 + rng() * 360 });
  for (let i = 0; i < 50; i++) points.push({ lat: -10 + rng() * 20, lon: 179 + rng() * 1.999 - 1 });
  const ids = points.map((_, i) => i);
  const tree = geoTree(
    ids,
    (i) => points[i]!.lat,
    (i) => points[i]!.lon,
  );
  const at = (i: number) => points[i]!;
  const queries: LatLon[] = [
    { lat: 45, lon: 5 },
    { lat: 89.5, lon: 10 },
    { lat: 0, lon: -179.9 },
    { lat: 0, lon: 179.9 },
    { lat: -60, lon: 100 },
    ...Array.from({ length: 40 }, () => ({ lat: -90 + rng() * 180, lon: -180 + rng() * 360 })),
  ];

  it("finds the same nearest point as a linear scan", () => {
    for (const q of queries) {
      const brute = Math.min(...points.map((p) => haversineKm(q, p)));
      expect(nearestPoint(tree, q, at)!.distanceKm).toBeCloseTo(brute, 9);
    }
  });

  it("finds every point within a radius, with its haversine distance", () => {
    for (const q of queries) {
      for (const radius of [5, 50, 500, 3000, 12_000, 20_100]) {
        const expected = ids.filter((i) => haversineKm(q, points[i]!) <= radius);
        const found: number[] = [];
        const distances: number[] = [];
        pointsWithin(tree, q, radius, at, (i, d) => {
          expect(d).toBeCloseTo(haversineKm(q, points[i]!), 9);
          found.push(i);
          distances.push(d);
        });
        expect(found.sort((a, b) => a - b)).toEqual(expected);
        // Nearest first: matching stops taking candidates once it has enough.
        expect(distances).toEqual([...distances].sort((a, b) => a - b));
      }
    }
  });

  it("answers nothing from an empty tree", () => {
    const empty = geoTree(
      [],
      () => 0,
      () => 0,
    );
    expect(nearestPoint(empty, { lat: 0, lon: 0 }, at)).toBeNull();
    let visits = 0;
    pointsWithin(empty, { lat: 0, lon: 0 }, 20_000, at, () => visits++);
    expect(visits).toBe(0);
  });
});
