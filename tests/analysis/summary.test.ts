import { describe, expect, it } from "vitest";
import diameter from "graphology-metrics/graph/diameter";
import { detectCommunities } from "../../server/analysis/communities";
import { buildActorGraph } from "../../server/analysis/graph";
import { averageClustering, pathSummary, reciprocity, summarizeNetwork } from "../../server/analysis/summary";
import type { RelationshipType } from "../../server/schemas/domain";
import { loadReference, referenceGraph } from "./reference";

const people = (ids: string[]) => ids.map((id) => ({ id, name: id, type: "individual" as const }));
const ties = (pairs: Array<[string, string]>, type: RelationshipType = "partners_with") =>
  pairs.map(([from, to]) => ({ from, to, type }));

// A triangle a-b-c with a tail c-d, and e alone.
const triangleWithTail = () =>
  buildActorGraph(
    people(["a", "b", "c", "d", "e"]),
    ties([
      ["a", "b"],
      ["b", "c"],
      ["c", "a"],
      ["c", "d"],
    ]),
  );
// x -> y, y -> x, x -> z: two of the three directed ties are returned.
const directedTies = () =>
  buildActorGraph(
    people(["x", "y", "z"]),
    ties(
      [
        ["x", "y"],
        ["y", "x"],
        ["x", "z"],
      ],
      "mentors",
    ),
    { directed: true },
  );

describe("network summary on a hand-built map", () => {
  it("gives density, components, clustering, paths, reciprocity and modularity worked out by hand", () => {
    const s = summarizeNetwork(triangleWithTail(), directedTies(), { communities: { a: 0, b: 0, c: 0, d: 1, e: 2 } });
    expect(s.nodes).toBe(5);
    expect(s.edges).toBe(4);
    // 2m / n(n - 1) = 8 / 20.
    expect(s.density).toBeCloseTo(0.4, 12);
    expect(s.components).toEqual({ count: 2, largest: 4 });
    // a and b: their two contacts are tied, 1 each; c: one tie (a-b) among three contacts, 1/3; d, e: 0.
    // (1 + 1 + 1/3) / 5 = 7/15.
    expect(s.averageClustering).toBeCloseTo(7 / 15, 12);
    // Largest component {a, b, c, d}: ab 1, ac 1, bc 1, cd 1, ad 2, bd 2; 8 / 6 pairs; longest 2.
    expect(s.paths).toEqual({
      diameter: 2,
      averagePathLength: expect.closeTo(4 / 3, 12),
      componentSize: 4,
      approximate: false,
      sources: 4,
      threshold: 2000,
      seed: 42,
    });
    expect(s.reciprocity).toEqual({ directedTies: 3, reciprocated: 2, value: expect.closeTo(2 / 3, 12) });
    // m = 4; {a,b,c}: 3 inner ties, degrees 2 + 2 + 3 = 7; {d}: 0 inner, degree 1; {e}: nothing.
    // Q = 3/4 - (7/8)^2 - (1/8)^2 = 48/64 - 50/64 = -1/32.
    expect(s.modularity).toBeCloseTo(-1 / 32, 12);
  });

  it("reports no paths, no reciprocity and density 0 where there is nothing to measure", () => {
    const lone = buildActorGraph(people(["a"]), []);
    const s = summarizeNetwork(lone, buildActorGraph(people(["a"]), [], { directed: true }), { communities: { a: 0 } });
    expect(s.density).toBe(0);
    expect(s.paths).toMatchObject({ diameter: null, averagePathLength: null, componentSize: 1, sources: 0 });
    expect(s.reciprocity).toEqual({ directedTies: 0, reciprocated: 0, value: null });
    expect(s.modularity).toBeNull();
    expect(reciprocity(directedTies()).value).toBeCloseTo(2 / 3, 12);
  });

  it("samples paths from seeded sources above the threshold, the same every time", () => {
    // A path p0 - p1 - ... - p9. Exact: sum over pairs of d(n - d), d = 1..9, = 165 over 45 pairs = 11/3.
    const ids = Array.from({ length: 10 }, (_, i) => `p${i}`);
    const path = buildActorGraph(people(ids), ties(ids.slice(1).map((id, i) => [ids[i]!, id])));
    expect(pathSummary(path)).toMatchObject({ diameter: 9, averagePathLength: expect.closeTo(11 / 3, 12) });
    const sampled = pathSummary(path, { threshold: 5, k: 3, seed: 7 });
    expect(sampled).toMatchObject({ approximate: true, sources: 3, componentSize: 10 });
    // Every actor of a 10-actor path is at least 5 hops from one end, so even one source sees a diameter >= 5.
    expect(sampled.diameter).toBeGreaterThanOrEqual(5);
    expect(sampled.diameter).toBeLessThanOrEqual(9);
    expect(pathSummary(path, { threshold: 5, k: 3, seed: 7 })).toEqual(sampled);
  });
});

describe("network summary of the karate club", () => {
  const reference = loadReference("karate");
  const graph = referenceGraph(reference);
  const n = reference.nodes.length;

  it("matches NetworkX", () => {
    const s = summarizeNetwork(graph, buildActorGraph(people(reference.nodes), [], { directed: true }));
    // 78 ties of 34 * 33 / 2 = 561 possible.
    expect(s.density).toBeCloseTo(78 / 561, 12);
    expect(s.components).toEqual({ count: 1, largest: 34 });
    // On a connected graph Wasserman-Faust closeness is (n - 1) / (sum of distances), so the reference closeness
    // gives every actor's distance sum, and their total over n(n - 1) ordered pairs is the average path length.
    const totalDistance = Object.values(reference.expected.closeness).reduce((sum, c) => sum + (n - 1) / c, 0);
    expect(s.paths.averagePathLength).toBeCloseTo(totalDistance / (n * (n - 1)), 10);
    // graphology-metrics' own diameter, defined on a connected graph, agrees.
    expect(s.paths.diameter).toBe(diameter(graph));
    expect(s.paths.diameter).toBe(5);
    // NetworkX 3.6.1 average_clustering(karate_club_graph()).
    expect(averageClustering(graph)).toBeCloseTo(0.5706384782076823, 12);
  });

  it("gives the modularity of a Louvain partition, within reach of NetworkX's best", () => {
    const partition = detectCommunities(graph);
    const s = summarizeNetwork(graph, buildActorGraph(people(reference.nodes), [], { directed: true }), {
      communities: partition.membership,
    });
    // graphology-metrics recomputes what Louvain reports for its own partition.
    expect(s.modularity).toBeCloseTo(partition.modularity, 12);
    expect(s.modularity).toBeGreaterThan(reference.louvain_best_modularity_networkx - 0.01);
    expect(s.modularity).toBeLessThanOrEqual(reference.louvain_best_modularity_networkx + 1e-12);
  });
});
