import Graph from "graphology";
import modularity from "graphology-metrics/graph/modularity";
import { describe, expect, it } from "vitest";
import { COMMUNITY_DEFAULTS, detectCommunities } from "../../server/analysis";
import { loadReference, referenceGraph } from "./reference";

describe.each(["karate", "karate_weighted"] as const)("Louvain on %s", (name) => {
  const reference = loadReference(name);
  const graph = referenceGraph(reference);
  const result = detectCommunities(graph, { weighted: reference.weighted });

  it("reaches at least 97% of the best NetworkX modularity", () => {
    expect(result.modularity).toBeGreaterThanOrEqual(0.97 * reference.louvain_best_modularity_networkx);
  });

  it("reports the modularity of the partition it returns", () => {
    const check = modularity(graph, {
      getNodeCommunity: (node: string) => result.membership[node]!,
      getEdgeWeight: reference.weighted ? "weight" : null,
    });
    expect(result.modularity).toBeCloseTo(check, 10);
  });

  it("covers every node once, largest community first", () => {
    const members = result.communities.flatMap((c) => c.members);
    expect(members.sort()).toEqual([...reference.nodes].sort());
    expect(result.count).toBe(result.communities.length);
    for (const c of result.communities) {
      expect(c.size).toBe(c.members.length);
      for (const m of c.members) expect(result.membership[m]).toBe(c.id);
    }
    const sizes = result.communities.map((c) => c.size);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
  });

  it("is deterministic for a seed, trying several seeds on a small network", () => {
    expect(detectCommunities(graph, { weighted: reference.weighted })).toEqual(result);
    expect(result.runs).toBe(COMMUNITY_DEFAULTS.smallGraphRuns);
  });
});

describe("hand-built communities", () => {
  it("splits two 5-cliques joined by one edge, with modularity 2 * (10/21 - 1/4)", () => {
    const graph = new Graph({ type: "undirected" });
    for (const side of ["a", "b"]) {
      for (let i = 0; i < 5; i++) for (let j = i + 1; j < 5; j++) graph.mergeEdge(`${side}${i}`, `${side}${j}`);
    }
    graph.mergeEdge("a0", "b0");
    const result = detectCommunities(graph);
    expect(result.count).toBe(2);
    expect(result.communities.map((c) => c.members.sort())).toEqual(
      expect.arrayContaining([
        ["a0", "a1", "a2", "a3", "a4"],
        ["b0", "b1", "b2", "b3", "b4"],
      ]),
    );
    expect(result.modularity).toBeCloseTo(2 * (10 / 21 - 0.25), 10);
  });

  it("lets weights decide the partition in weighted mode", () => {
    // A square with two strong and two weak sides: strong pairs form the communities.
    const graph = new Graph({ type: "undirected" });
    graph.mergeEdge("a", "b", { weight: 10 });
    graph.mergeEdge("c", "d", { weight: 10 });
    graph.mergeEdge("b", "c", { weight: 1 });
    graph.mergeEdge("d", "a", { weight: 1 });
    const result = detectCommunities(graph, { weighted: true });
    expect(result.membership.a).toBe(result.membership.b);
    expect(result.membership.c).toBe(result.membership.d);
    expect(result.membership.a).not.toBe(result.membership.c);
    // m = 22, each pair holds 10 internally and 22 of the 44 weighted degree: 2 * (10/22 - 1/4).
    expect(result.modularity).toBeCloseTo(2 * (10 / 22 - 0.25), 10);
  });

  it("keeps every node alone when there are no edges", () => {
    const graph = new Graph({ type: "undirected" });
    graph.addNode("x");
    graph.addNode("y");
    const result = detectCommunities(graph);
    expect(result).toMatchObject({ count: 2, modularity: 0, runs: 0 });
  });

  it("refuses a non-positive number of runs", () => {
    const graph = new Graph({ type: "undirected" });
    graph.mergeEdge("a", "b");
    expect(() => detectCommunities(graph, { runs: 0 })).toThrow(/communities: runs/);
  });
});
