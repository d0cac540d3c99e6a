import Graph from "graphology";
import { describe, expect, it } from "vitest";
import { analyzeStructure, brokerage, connectedComponents, cutPoints, isolatedActors } from "../../server/analysis";
import { loadReference, referenceGraph } from "./reference";

function undirected(edges: Array<[string, string, number?]>, isolated: string[] = []): Graph {
  const graph = new Graph({ type: "undirected" });
  for (const [a, b, weight] of edges) graph.mergeEdge(a, b, weight === undefined ? {} : { weight });
  for (const node of isolated) graph.addNode(node);
  return graph;
}

describe("components and isolated actors", () => {
  const graph = undirected(
    [
      ["a", "b"],
      ["b", "c"],
      ["d", "e"],
    ],
    ["f"],
  );

  it("lists components largest first with their members", () => {
    const result = connectedComponents(graph);
    expect(result.count).toBe(3);
    expect(result.components).toEqual([
      { size: 3, members: ["a", "b", "c"] },
      { size: 2, members: ["d", "e"] },
      { size: 1, members: ["f"] },
    ]);
    expect(result.membership).toEqual({ a: 0, b: 0, c: 0, d: 1, e: 1, f: 2 });
  });

  it("finds isolated actors", () => {
    expect(isolatedActors(graph)).toEqual(["f"]);
  });

  it("uses weak components for directed graphs", () => {
    const directed = new Graph({ type: "directed" });
    directed.mergeEdge("a", "b");
    directed.mergeEdge("c", "b");
    expect(connectedComponents(directed).count).toBe(1);
  });
});

describe("articulation points and bridges", () => {
  // Two triangles sharing c, then a tail e - f - g.
  const graph = undirected([
    ["a", "b"],
    ["b", "c"],
    ["a", "c"],
    ["c", "d"],
    ["d", "e"],
    ["c", "e"],
    ["e", "f"],
    ["f", "g"],
  ]);

  it("finds the cut points with the damage their loss does", () => {
    const { articulationPoints, bridges } = cutPoints(graph);
    // Without c: {a, b} and {d, e, f, g}; without e: {a..d} and {f, g}; without f: {a..e} and {g}.
    expect(articulationPoints).toEqual(
      expect.arrayContaining([
        { id: "c", pieces: 2, cutOff: 2 },
        { id: "e", pieces: 2, cutOff: 2 },
        { id: "f", pieces: 2, cutOff: 1 },
      ]),
    );
    expect(articulationPoints).toHaveLength(3);
    expect(articulationPoints[2]!.id).toBe("f");
    expect(bridges).toEqual([
      { source: "e", target: "f", cutOff: 2 },
      { source: "f", target: "g", cutOff: 1 },
    ]);
  });

  it("counts the pieces a hub leaves behind", () => {
    const star = undirected(["l1", "l2", "l3"].map((l) => ["hub", l] as [string, string]));
    expect(cutPoints(star).articulationPoints).toEqual([{ id: "hub", pieces: 3, cutOff: 2 }]);
  });

  it("has none in a cycle", () => {
    const cycle = undirected([
      ["a", "b"],
      ["b", "c"],
      ["c", "d"],
      ["d", "a"],
    ]);
    expect(cutPoints(cycle)).toEqual({ articulationPoints: [], bridges: [] });
  });

  it("walks a 100k-node path without overflowing the stack", () => {
    const n = 100_000;
    const path = new Graph({ type: "undirected" });
    for (let i = 0; i < n; i++) path.addNode(`p${i}`);
    for (let i = 1; i < n; i++) path.addEdge(`p${i - 1}`, `p${i}`);
    const { articulationPoints, bridges } = cutPoints(path);
    expect(articulationPoints).toHaveLength(n - 2);
    expect(bridges).toHaveLength(n - 1);
    // The middle node splits the path into two halves.
    expect(articulationPoints[0]!.cutOff).toBe(n / 2 - 1);
  });
});

describe("Burt's constraint and effective size", () => {
  it("star: the hub is unconstrained, leaves fully constrained", () => {
    const star = undirected(["l1", "l2", "l3", "l4"].map((l) => ["hub", l] as [string, string]));
    const result = brokerage(star);
    // Hub: four contacts of share 1/4, none tied to another -> 4 * (1/4)^2; all four non-redundant.
    expect(result.constraint.hub).toBeCloseTo(0.25, 12);
    expect(result.effectiveSize.hub).toBeCloseTo(4, 12);
    expect(result.constraint.l1).toBeCloseTo(1, 12);
    expect(result.effectiveSize.l1).toBeCloseTo(1, 12);
    expect(result.brokers).toEqual([{ id: "hub", constraint: 0.25, effectiveSize: 4, degree: 4 }]);
  });

  it("stays fast around a hub with 50k contacts", () => {
    // Scanning the hub's contacts from every leaf would be 50k^2 steps; leaves look themselves up instead.
    const hub = undirected(Array.from({ length: 50_000 }, (_, i) => ["hub", `l${i}`] as [string, string]));
    const result = brokerage(hub);
    expect(result.constraint.hub).toBeCloseTo(1 / 50_000, 12);
    expect(result.effectiveSize.hub).toBeCloseTo(50_000, 6);
    expect(result.constraint.l7).toBeCloseTo(1, 12);
  });

  it("triangle: each tie is half direct, a quarter indirect", () => {
    const result = brokerage(
      undirected([
        ["a", "b"],
        ["b", "c"],
        ["a", "c"],
      ]),
    );
    // 2 * (1/2 + 1/2 * 1/2)^2 = 9/8; Borgatti: 2 - 2 * 1 / 2 = 1.
    expect(result.constraint.a).toBeCloseTo(9 / 8, 12);
    expect(result.effectiveSize.a).toBeCloseTo(1, 12);
  });

  it("weighted triangle, by hand", () => {
    const graph = undirected([
      ["v", "a", 3],
      ["v", "b", 1],
      ["a", "b", 2],
    ]);
    const result = brokerage(graph, { weighted: true });
    // p_va = 3/4, p_vb = 1/4, p_ab = 2/5, p_ba = 2/3.
    // constraint: (3/4 + 1/4 * 2/3)^2 + (1/4 + 3/4 * 2/5)^2; effective size: (1 - 1/4 * 2/3) + (1 - 3/4 * 2/2),
    // redundancy being normalised by each contact's strongest tie. (NetworkX 3.6's all-nodes fast path divides by
    // the wrong row's maximum for weighted graphs; its per-node path, nodes=[...], gives these values.)
    expect(result.constraint.v).toBeCloseTo((3 / 4 + 1 / 6) ** 2 + (1 / 4 + 3 / 10) ** 2, 12);
    expect(result.effectiveSize.v).toBeCloseTo(1 - 1 / 6 + (1 - 3 / 4), 12);
  });

  it("directed ties add up as mutual weights", () => {
    const graph = new Graph({ type: "directed" });
    graph.mergeEdge("a", "b");
    graph.mergeEdge("b", "a");
    graph.mergeEdge("a", "c");
    const result = brokerage(graph);
    // mutual(a, b) = 2, mutual(a, c) = 1 -> (2/3)^2 + (1/3)^2; b and c are not tied: two non-redundant contacts.
    expect(result.constraint.a).toBeCloseTo(5 / 9, 12);
    expect(result.effectiveSize.a).toBeCloseTo(2, 12);
  });

  it("leaves isolated actors undefined (null)", () => {
    const result = brokerage(undirected([["a", "b"]], ["z"]));
    expect(result.constraint.z).toBeNull();
    expect(result.effectiveSize.z).toBeNull();
  });

  it("matches NetworkX on Zachary's karate club", () => {
    const result = brokerage(referenceGraph(loadReference("karate")));
    // Node 11 has a single contact: constraint 1, effective size 1 (by hand). The others are NetworkX 3.6.1
    // `constraint(G)` and `effective_size(G)`; effective sizes follow Borgatti's n - 2t/n with t ties among the
    // contacts (node 0: 16 contacts, 18 ties; node 33: 17 contacts, 15 ties).
    expect(result.constraint["11"]).toBeCloseTo(1, 12);
    expect(result.effectiveSize["11"]).toBeCloseTo(1, 12);
    expect(result.effectiveSize["0"]).toBeCloseTo(16 - 36 / 16, 12);
    expect(result.effectiveSize["33"]).toBeCloseTo(17 - 30 / 17, 12);
    expect(result.constraint["0"]).toBeCloseTo(0.15542329764660495, 12);
    expect(result.constraint["2"]).toBeCloseTo(0.18517663966049383, 12);
    expect(result.constraint["33"]).toBeCloseTo(0.15641868512110724, 12);
    expect(result.effectiveSize["2"]).toBeCloseTo(7.8, 12);
    expect(result.brokers[0]!.id).toBe("0");
  });
});

describe("analyzeStructure", () => {
  it("combines every structural measure", () => {
    const result = analyzeStructure(
      undirected(
        [
          ["a", "b"],
          ["b", "c"],
        ],
        ["z"],
      ),
    );
    expect(result.components.count).toBe(2);
    expect(result.isolated).toEqual(["z"]);
    expect(result.articulationPoints).toEqual([{ id: "b", pieces: 2, cutOff: 1 }]);
    expect(result.bridges).toHaveLength(2);
    expect(result.brokers.map((b) => b.id)).toEqual(["b"]);
  });
});
