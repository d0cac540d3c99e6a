import Graph from "graphology";
import { describe, expect, it } from "vitest";
import {
  betweennessCentrality,
  buildActorGraph,
  closenessCentrality,
  computeCentrality,
  degreeCentrality,
  eigenvectorCentrality,
  generateEcosystem,
  pagerank,
} from "../../server/analysis";
import type { RelationshipEdge } from "../../server/analysis";
import { loadReference, referenceGraph } from "./reference";

function expectClose(actual: Record<string, number>, expected: Record<string, number>, tolerance: number) {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [node, value] of Object.entries(expected)) {
    const diff = Math.abs(actual[node]! - value);
    if (diff > tolerance) throw new Error(`node ${node}: expected ${value}, got ${actual[node]} (diff ${diff})`);
  }
}

function undirected(edges: Array<[string, string, number?]>): Graph {
  const graph = new Graph({ type: "undirected" });
  for (const [a, b, weight] of edges) graph.mergeEdge(a, b, weight === undefined ? {} : { weight });
  return graph;
}

const actor = (id: string) => ({ id, name: id, type: "other" as const });

describe.each(["karate", "karate_weighted"] as const)("NetworkX reference: %s", (name) => {
  const reference = loadReference(name);
  const graph = referenceGraph(reference);
  const result = computeCentrality(graph, { weighted: reference.weighted });
  const { expected } = reference;

  it("has the reference size", () => {
    expect(graph.order).toBe(34);
    expect(graph.size).toBe(78);
  });

  it("matches degree and degree centrality to 1e-6", () => {
    expectClose(result.degree!.degree, expected.degree, 1e-6);
    expectClose(result.degree!.degreeCentrality, expected.degree_centrality, 1e-6);
  });

  it("matches normalised betweenness to 1e-6", () => {
    expect(result.betweenness!.approximate).toBe(false);
    expect(result.betweenness!.k).toBe(34);
    expectClose(result.betweenness!.values, expected.betweenness, 1e-6);
  });

  it("matches Wasserman-Faust closeness to 1e-6", () => {
    expect(result.closeness!.approximate).toBe(false);
    expectClose(result.closeness!.values, expected.closeness, 1e-6);
  });

  it("matches eigenvector centrality and PageRank to 1e-4", () => {
    expect(result.eigenvector!.converged).toBe(true);
    expect(result.pagerank!.converged).toBe(true);
    expectClose(result.eigenvector!.values, expected.eigenvector, 1e-4);
    expectClose(result.pagerank!.values, expected.pagerank, 1e-4);
  });

  it("gives the same figures from the single-measure functions", () => {
    const options = { weighted: reference.weighted };
    expectClose(betweennessCentrality(graph, options).values, expected.betweenness, 1e-6);
    expectClose(closenessCentrality(graph, options).values, expected.closeness, 1e-6);
    expectClose(eigenvectorCentrality(graph, options).values, expected.eigenvector, 1e-4);
    expectClose(pagerank(graph, options).values, expected.pagerank, 1e-4);
    expectClose(degreeCentrality(graph).degree, expected.degree, 1e-6);
  });
});

describe("weighted and unweighted modes", () => {
  it("ignores the weight attribute unless asked, and uses distance = 1 / weight when asked", () => {
    // a-c is a weak tie (distance 4), so the weighted shortest a-c path runs through b.
    const graph = undirected([
      ["a", "b", 1],
      ["b", "c", 1],
      ["a", "c", 0.25],
    ]);
    expectClose(betweennessCentrality(graph).values, { a: 0, b: 0, c: 0 }, 1e-12);
    expectClose(betweennessCentrality(graph, { weighted: true }).values, { a: 0, b: 1, c: 0 }, 1e-12);
    // Closeness of a: distances 1 (b) and 2 (c via b) -> 2 / 3.
    expect(closenessCentrality(graph, { weighted: true }).values.a).toBeCloseTo(2 / 3, 12);
    expect(closenessCentrality(graph).values.a).toBeCloseTo(1, 12);
  });

  it("reads weights through a custom getter", () => {
    const graph = undirected([
      ["a", "b"],
      ["b", "c"],
    ]);
    const result = degreeCentrality(graph, { getEdgeWeight: () => 2.5 });
    expect(result.weightedDegree).toEqual({ a: 2.5, b: 5, c: 2.5 });
  });

  it("refuses non-positive weights in weighted mode", () => {
    const graph = undirected([["a", "b", 0]]);
    expect(() => betweennessCentrality(graph, { weighted: true })).toThrow(/centrality: edge .* weight 0/);
    expect(betweennessCentrality(graph).values).toEqual({ a: 0, b: 0 });
  });
});

describe("hand-computed graphs", () => {
  it("path of five nodes", () => {
    const graph = undirected([
      ["a", "b"],
      ["b", "c"],
      ["c", "d"],
      ["d", "e"],
    ]);
    const r = computeCentrality(graph);
    // Unordered pairs through b: (a,c), (a,d), (a,e) = 3 of C(4,2) = 6; through c: 4 of 6.
    expectClose(r.betweenness!.values, { a: 0, b: 0.5, c: 4 / 6, d: 0.5, e: 0 }, 1e-12);
    // Distance sums: a 10, b 7, c 6.
    expectClose(r.closeness!.values, { a: 0.4, b: 4 / 7, c: 4 / 6, d: 4 / 7, e: 0.4 }, 1e-12);
    expectClose(r.degree!.degreeCentrality, { a: 0.25, b: 0.5, c: 0.5, d: 0.5, e: 0.25 }, 1e-12);
  });

  it("star with four leaves", () => {
    const graph = undirected(["l1", "l2", "l3", "l4"].map((leaf) => ["hub", leaf] as [string, string]));
    const r = computeCentrality(graph);
    expectClose(r.betweenness!.values, { hub: 1, l1: 0, l2: 0, l3: 0, l4: 0 }, 1e-12);
    expectClose(r.closeness!.values, { hub: 1, l1: 4 / 7, l2: 4 / 7, l3: 4 / 7, l4: 4 / 7 }, 1e-12);
    // Leading eigenvector of K(1,4): eigenvalue 2, hub = 2 * leaf, unit norm -> leaf 1/sqrt(8), hub 1/sqrt(2).
    const leaf = 1 / Math.sqrt(8);
    expectClose(r.eigenvector!.values, { hub: Math.SQRT1_2, l1: leaf, l2: leaf, l3: leaf, l4: leaf }, 1e-4);
    // PageRank: hub = 0.03 + 0.85 * 4 * leaf, leaf = 0.03 + 0.85 * hub / 4 -> hub = 0.132 / 0.2775.
    const hub = 0.132 / 0.2775;
    const l = (1 - hub) / 4;
    expectClose(r.pagerank!.values, { hub, l1: l, l2: l, l3: l, l4: l }, 1e-4);
  });

  it("Wasserman-Faust closeness scales by the reachable share in disconnected graphs", () => {
    const graph = undirected([
      ["a", "b"],
      ["c", "d"],
      ["d", "e"],
      ["c", "e"],
    ]);
    graph.addNode("f");
    // n = 6: a reaches 1 node at distance 1 -> (1/1) * (1/5); c reaches 2 at 1 each -> (2/2) * (2/5).
    expectClose(closenessCentrality(graph).values, { a: 0.2, b: 0.2, c: 0.4, d: 0.4, e: 0.4, f: 0 }, 1e-12);
  });

  it("handles empty and single-node graphs", () => {
    const empty = new Graph({ type: "undirected" });
    expect(computeCentrality(empty).pagerank!.values).toEqual({});
    const single = new Graph({ type: "undirected" });
    single.addNode("x");
    const r = computeCentrality(single);
    expect(r.betweenness!.values).toEqual({ x: 0 });
    expect(r.closeness!.values).toEqual({ x: 0 });
    expect(r.pagerank!.values.x).toBeCloseTo(1, 12);
  });

  it("computes only the requested measures", () => {
    const graph = undirected([["a", "b"]]);
    const r = computeCentrality(graph, { metrics: ["pagerank"] });
    expect(r.pagerank).toBeDefined();
    expect(r.betweenness).toBeUndefined();
    expect(r.degree).toBeUndefined();
  });
});

describe("directed graphs", () => {
  const actors = ["fund", "uni", "s1", "s2"].map(actor);
  const relationships: RelationshipEdge[] = [
    { from: "fund", to: "s1", type: "funds", weight: 3 },
    { from: "fund", to: "s2", type: "funds", weight: 2 },
    { from: "uni", to: "s1", type: "mentors", weight: 1 },
    { from: "s1", to: "s2", type: "partners_with", weight: 4 },
  ];
  const graph = buildActorGraph(actors, relationships, { directed: true });

  it("reports in/out degree and weighted degree, partnerships counting both ways", () => {
    const d = degreeCentrality(graph);
    expect(d.inDegree).toEqual({ fund: 0, uni: 0, s1: 3, s2: 2 });
    expect(d.outDegree).toEqual({ fund: 2, uni: 1, s1: 1, s2: 1 });
    expect(d.inWeightedDegree).toEqual({ fund: 0, uni: 0, s1: 8, s2: 6 });
    expect(d.outWeightedDegree).toEqual({ fund: 5, uni: 1, s1: 4, s2: 4 });
    expect(d.degree).toEqual({ fund: 2, uni: 1, s1: 4, s2: 3 });
    expect(d.weightedDegree).toEqual({ fund: 5, uni: 1, s1: 12, s2: 10 });
    expect(d.degreeCentrality.s1).toBeCloseTo(4 / 3, 12);
  });

  it("follows edge direction for paths and PageRank on a directed chain", () => {
    const chain = new Graph({ type: "directed" });
    chain.mergeEdge("a", "b");
    chain.mergeEdge("b", "c");
    const r = computeCentrality(chain);
    // Only the ordered pair (a, c) passes through b: 1 / ((n - 1)(n - 2)) = 0.5.
    expectClose(r.betweenness!.values, { a: 0, b: 0.5, c: 0 }, 1e-12);
    // Inward distances: c is reached by b (1) and a (2) -> (2/3) * (2/2); b by a -> (1/1) * (1/2).
    expectClose(r.closeness!.values, { a: 0, b: 0.5, c: 2 / 3 }, 1e-12);
    // c is dangling and spreads its rank uniformly. With t = 0.15/3 and k = 0.85/3:
    // a = t + k c, b = t + 0.85 a + k c, c = t + 0.85 b + k c, solved in closed form.
    const t = 0.05;
    const k = 0.85 / 3;
    const c = (t * (1 + 0.85 + 0.85 ** 2)) / (1 - k - 0.85 * k * 1.85);
    expectClose(r.pagerank!.values, { a: t + k * c, b: t * 1.85 + k * c * 1.85, c }, 1e-4);
  });
});

describe("cached adjacency", () => {
  it("reuses one CSR per graph state and follows every change to the graph", () => {
    const graph = undirected([
      ["a", "b"],
      ["b", "c"],
    ]);
    expect(degreeCentrality(graph).degree.b).toBe(2);
    graph.mergeEdge("b", "d");
    expect(degreeCentrality(graph).degree.b).toBe(3);
    graph.setEdgeAttribute("a", "b", "weight", 5);
    expect(degreeCentrality(graph).weightedDegree.b).toBe(7);
    graph.dropNode("a");
    expect(degreeCentrality(graph).degree.b).toBe(2);
  });
});

describe("approximate betweenness and closeness", () => {
  it("scales sampled sources like NetworkX: every sample of a star gives the hub exactly 1", () => {
    const graph = undirected(["l1", "l2", "l3", "l4"].map((leaf) => ["hub", leaf] as [string, string]));
    for (let seed = 1; seed <= 10; seed++) {
      const r = betweennessCentrality(graph, { threshold: 0, k: 2, seed });
      expect(r).toMatchObject({ approximate: true, k: 2, threshold: 0 });
      expect(r.values.hub).toBeCloseTo(1, 12);
      expect(r.values.l1).toBe(0);
    }
  });

  it("is unbiased with linear scaling: the mean over many samples is the exact value", () => {
    // A cycle with a tail and a chord: uneven betweenness, several equal-length paths.
    const graph = undirected([
      ["a", "b"],
      ["b", "c"],
      ["c", "d"],
      ["d", "e"],
      ["e", "f"],
      ["f", "a"],
      ["b", "e"],
      ["f", "g"],
      ["g", "h"],
      ["h", "i"],
    ]);
    const exact = betweennessCentrality(graph, { threshold: Infinity }).values;
    const mean: Record<string, number> = {};
    const runs = 3000;
    for (let seed = 1; seed <= runs; seed++) {
      const values = betweennessCentrality(graph, { threshold: 0, k: 3, seed }).values;
      for (const [node, value] of Object.entries(values)) mean[node] = (mean[node] ?? 0) + value / runs;
    }
    for (const [node, value] of Object.entries(exact)) expect(mean[node]).toBeCloseTo(value, 2);
    expect(exact.f).toBeGreaterThan(exact.c);
  });

  it("stays exact when k covers every node", () => {
    const graph = undirected([
      ["a", "b"],
      ["b", "c"],
    ]);
    expect(betweennessCentrality(graph, { threshold: 0, k: 3 }).approximate).toBe(false);
  });

  describe("on a generated 3000-actor ecosystem", () => {
    const eco = generateEcosystem({ actors: 3000, seed: 11 });
    const graph = buildActorGraph(eco.actors, eco.relationships);
    const exact = computeCentrality(graph, { metrics: ["betweenness", "closeness"], threshold: Infinity });
    const approx = computeCentrality(graph, { metrics: ["betweenness", "closeness"], threshold: 1000, k: 256 });

    const top = (values: Record<string, number>, count: number) =>
      Object.entries(values)
        .sort((a, b) => b[1] - a[1])
        .slice(0, count)
        .map(([node]) => node);

    it("flags the estimate", () => {
      expect(exact.betweenness).toMatchObject({ approximate: false, k: 3000 });
      expect(approx.betweenness).toMatchObject({ approximate: true, k: 256, threshold: 1000 });
      expect(approx.closeness).toMatchObject({ approximate: true, k: 256, threshold: 1000 });
    });

    it("finds most of the exact top-20 brokers", () => {
      const exactTop = new Set(top(exact.betweenness!.values, 20));
      const overlap = top(approx.betweenness!.values, 20).filter((node) => exactTop.has(node)).length;
      expect(overlap).toBeGreaterThanOrEqual(17);
    });

    it("estimates closeness within a few percent, and exactly where no sample reaches", () => {
      let relative = 0;
      let counted = 0;
      for (const [node, value] of Object.entries(exact.closeness!.values)) {
        const estimate = approx.closeness!.values[node]!;
        if (graph.degree(node) === 0) expect(estimate).toBe(0);
        if (value > 0) {
          relative += Math.abs(estimate - value) / value;
          counted++;
        }
      }
      expect(relative / counted).toBeLessThan(0.03);
    });

    it("estimates directed (inward) closeness too, where reach itself must be estimated", () => {
      const directed = buildActorGraph(eco.actors, eco.relationships, { directed: true });
      const exactDirected = closenessCentrality(directed, { threshold: Infinity }).values;
      const approxDirected = closenessCentrality(directed, { threshold: 1000, k: 256 });
      expect(approxDirected.approximate).toBe(true);
      let relative = 0;
      let counted = 0;
      for (const [node, value] of Object.entries(exactDirected)) {
        // Actors nobody reaches (funders that only give) are computed exactly, hence 0.
        if (value === 0) expect(approxDirected.values[node]).toBe(0);
        else {
          relative += Math.abs(approxDirected.values[node]! - value) / value;
          counted++;
        }
      }
      expect(relative / counted).toBeLessThan(0.08);
      const exactTop = new Set(top(exactDirected, 50));
      expect(top(approxDirected.values, 50).filter((node) => exactTop.has(node)).length).toBeGreaterThanOrEqual(40);
    });

    it("is deterministic for a seed and varies across seeds", () => {
      const again = betweennessCentrality(graph, { threshold: 1000, k: 256 });
      expect(again.values).toEqual(approx.betweenness!.values);
      const other = betweennessCentrality(graph, { threshold: 1000, k: 256, seed: 7 });
      expect(other.values).not.toEqual(approx.betweenness!.values);
    });
  });
});
