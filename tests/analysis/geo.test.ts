import { describe, expect, it } from "vitest";
import { createRng, haversineKm, PointIndex } from "../../server/analysis";
import type { LatLon } from "../../server/analysis";

describe("PointIndex", () => {
  const rng = createRng(5);
  // Clustered points plus a few near the poles and across the antimeridian, where grids usually go wrong.
  const points: Array<LatLon & { id: number }> = [];
  for (let i = 0; i < 2000; i++) points.push({ id: i, lat: 40 + rng() * 10, lon: -5 + rng() * 20 });
  for (let i = 0; i < 50; i++) points.push({ id: 2000 + i, lat: 88 + rng() * 2, lon: -180 + rng() * 360 });
  for (let i = 0; i < 50; i++) points.push({ id: 2050 + i, lat: -10 + rng() * 20, lon: 179 + rng() * 1.999 - 1 });
  const index = new PointIndex(points, (p) => p);
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
      expect(index.nearest(q)!.distanceKm).toBeCloseTo(brute, 9);
    }
  });

  it("finds every point within a radius", () => {
    for (const q of queries) {
      for (const radius of [5, 50, 500, 3000]) {
        const expected = points.filter((p) => haversineKm(q, p) <= radius).map((p) => p.id);
        const found: number[] = [];
        index.someWithin(q, radius, (p) => {
          found.push(p.id);
          return false;
        });
        expect(found.sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
      }
    }
  });

  it("stops early and handles emptiness", () => {
    let visits = 0;
    expect(index.someWithin({ lat: 45, lon: 5 }, 1000, () => ++visits === 3)).toBe(true);
    expect(visits).toBe(3);
    expect(new PointIndex<LatLon>([], (p) => p).nearest({ lat: 0, lon: 0 })).toBeNull();
  });
});
