// Layout helpers on tiny hand-built graphs: the Web Mercator projection, region hulls, where new actors go, camera
// framing and the community layout.
import { describe, expect, it } from "vitest";
import { createAtlasGraph, type AtlasGraph } from "../../client/src/core/graph";
import {
  communityPositions,
  convexHull,
  framing,
  GEO_WORLD,
  geoLayout,
  padHull,
  placeNear,
  projectLonLat,
  regionHulls,
  unprojectPoint,
} from "../../client/src/core/layout";

function graphOf(nodes: [string, Partial<{ lat: number; lon: number; region: string }>][], ties: [string, string][]) {
  const g: AtlasGraph = createAtlasGraph();
  for (const [id, a] of nodes)
    g.addNode(id, { x: 0, y: 0, size: 4, color: "#000", label: id, actorType: "school", ...a });
  ties.forEach(([s, t], i) =>
    g.addUndirectedEdgeWithKey(`e${i}`, s, t, {
      relType: "partners_with",
      weight: 1,
      size: 1,
      color: "#000",
      type: "line",
    }),
  );
  return g;
}

describe("geographic layout", () => {
  it("projects on Web Mercator and back", () => {
    // 90°E is a quarter of the world east of Greenwich; the equator is y = 0.
    expect(projectLonLat(90, 0).x).toBe(GEO_WORLD / 4);
    expect(projectLonLat(90, 0).y).toBeCloseTo(0, 6);
    // At 85.0511°N the Mercator world is square: y = W/2.
    expect(projectLonLat(0, 85.0511287798).y).toBeCloseTo(GEO_WORLD / 2, 0);
    const back = unprojectPoint(projectLonLat(-93.27, 44.98));
    expect(back.lon).toBeCloseTo(-93.27, 9);
    expect(back.lat).toBeCloseTo(44.98, 9);
  });

  it("lists unlocated actors apart and parks them at the centre of the located ones", () => {
    const g = graphOf(
      [
        ["a", { lat: 0, lon: 0 }],
        ["b", { lat: 0, lon: 90 }],
        ["z", {}],
        ["y", {}],
      ],
      [],
    );
    const geo = geoLayout(g);
    expect(geo.unlocated).toEqual(["y", "z"]);
    // Centre of (0, 0) and (W/4, 0).
    expect(geo.positions.get("z")!.x).toBe(GEO_WORLD / 8);
    expect(geo.positions.get("z")!.y).toBeCloseTo(0, 6);
  });

  it("outlines each region by the convex hull of its located actors", () => {
    const square = [
      { x: 0, y: 0 },
      { x: 2, y: 0 },
      { x: 2, y: 2 },
      { x: 0, y: 2 },
      { x: 1, y: 1 },
      { x: 1, y: 0 },
    ];
    // The centre and the edge midpoint are not corners; counter-clockwise from the lowest-left.
    expect(convexHull(square)).toEqual([
      { x: 0, y: 0 },
      { x: 2, y: 0 },
      { x: 2, y: 2 },
      { x: 0, y: 2 },
    ]);
    const g = graphOf(
      [
        ["a", { lat: 1, lon: 1, region: "North" }],
        ["b", { lat: 2, lon: 1, region: "North" }],
        ["c", { lat: -1, lon: 1, region: "South" }],
        ["d", { region: "South" }],
      ],
      [],
    );
    const hulls = regionHulls(g, geoLayout(g).positions);
    expect(hulls.map((h) => [h.region, h.actors, h.hull.length])).toEqual([
      ["North", 2, 2],
      ["South", 1, 1],
    ]);
  });

  it("pads a hull: a single point grows into a disc of the padding's radius", () => {
    const disc = padHull([{ x: 10, y: 10 }], 5, 16);
    expect(disc).toHaveLength(16);
    for (const p of disc) expect(Math.hypot(p.x - 10, p.y - 10)).toBeCloseTo(5, 9);
    // A segment 10 long padded by 2 spans 14 along it and 4 across.
    const capsule = padHull(
      [
        { x: 0, y: 0 },
        { x: 10, y: 0 },
      ],
      2,
      16,
    );
    expect(Math.max(...capsule.map((p) => p.x)) - Math.min(...capsule.map((p) => p.x))).toBeCloseTo(14, 9);
    expect(Math.max(...capsule.map((p) => p.y)) - Math.min(...capsule.map((p) => p.y))).toBeCloseTo(4, 9);
  });
});

describe("new actors and framing", () => {
  it("places a new actor at its neighbours' mean plus the offset, else at the fallback", () => {
    const p = placeNear(
      "n",
      [
        { x: 0, y: 0 },
        { x: 4, y: 2 },
      ],
      { x: 100, y: 100 },
      1,
    );
    // Mean (2, 1), one unit away in a direction taken from the id.
    expect(Math.hypot(p.x - 2, p.y - 1)).toBeCloseTo(1, 9);
    const q = placeNear("n", [], { x: 100, y: 100 }, 1);
    expect(Math.hypot(q.x - 100, q.y - 100)).toBeCloseTo(1, 9);
    expect(placeNear("n", [], { x: 0, y: 0 }, 1)).toEqual(placeNear("n", [], { x: 0, y: 0 }, 1));
  });

  it("frames tiny maps with a wide margin and a lone actor at ratio 1", () => {
    // Two actors at the framed box's ends: extent 1 × 1.6.
    expect(
      framing(
        [
          { x: 0, y: 0.5 },
          { x: 1, y: 0.5 },
        ],
        0.05,
      ),
    ).toEqual({ x: 0.5, y: 0.5, ratio: 1.6 });
    expect(framing([{ x: 0.5, y: 0.5 }], 0.05)).toEqual({ x: 0.5, y: 0.5, ratio: 1 });
    // Four or more: extent 0.5 × 1.3 = 0.65.
    const four = [0, 0.1, 0.2, 0.5].map((x) => ({ x, y: 0 }));
    expect(framing(four, 0.05)!.ratio).toBeCloseTo(0.65, 9);
    expect(framing([], 0.05)).toBeNull();
  });
});

describe("community layout", () => {
  // Two triangles joined by one tie, and an actor with no community yet.
  const g = graphOf(
    ["a1", "a2", "a3", "b1", "b2", "b3", "new"].map((id) => [id, {}]),
    [
      ["a1", "a2"],
      ["a2", "a3"],
      ["a1", "a3"],
      ["b1", "b2"],
      ["b2", "b3"],
      ["b1", "b3"],
      ["a1", "b1"],
    ],
  );
  const membership = new Map([
    ["a1", 0],
    ["a2", 0],
    ["a3", 0],
    ["b1", 1],
    ["b2", 1],
    ["b3", 1],
  ]);
  const pos = communityPositions(g, membership, { unit: 10, gap: 0.5 });

  it("keeps each community inside a disc of radius unit·√size, discs apart", () => {
    const centre = (ids: string[]) => ({
      x: ids.reduce((s, id) => s + pos.get(id)!.x, 0) / ids.length,
      y: ids.reduce((s, id) => s + pos.get(id)!.y, 0) / ids.length,
    });
    const A = ["a1", "a2", "a3"];
    const B = ["b1", "b2", "b3"];
    const [cA, cB] = [centre(A), centre(B)];
    // Radius 10·√3 ≈ 17.3; the layout fills 0.9 of it.
    for (const id of A)
      expect(Math.hypot(pos.get(id)!.x - cA.x, pos.get(id)!.y - cA.y)).toBeLessThan(17.33 * 0.9 + 1e-6);
    // Discs of equal radius r: centres at least r + r + 0.5·r = 2.5·17.32 ≈ 43.3 apart.
    expect(Math.hypot(cA.x - cB.x, cA.y - cB.y)).toBeGreaterThanOrEqual(43.3);
    // Each actor is nearer its own community's centre than the other's.
    const far = (id: string, c: { x: number; y: number }) => Math.hypot(pos.get(id)!.x - c.x, pos.get(id)!.y - c.y);
    for (const id of A) expect(far(id, cA)).toBeLessThan(far(id, cB));
    for (const id of B) expect(far(id, cB)).toBeLessThan(far(id, cA));
  });

  it("gives an actor without a community a spot of its own, and repeats", () => {
    const p = pos.get("new")!;
    for (const id of ["a1", "b1"]) expect(Math.hypot(p.x - pos.get(id)!.x, p.y - pos.get(id)!.y)).toBeGreaterThan(10);
    expect(communityPositions(g, membership, { unit: 10, gap: 0.5 })).toEqual(pos);
  });
});
