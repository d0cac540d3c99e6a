import { describe, expect, it } from "vitest";
import { buildActorGraph } from "../../server/analysis";
import type { ActorNode, RelationshipEdge } from "../../server/analysis";

const actors: ActorNode[] = [
  { id: "fund", name: "Fund", type: "funder", location: { lat: 51.5, lon: -0.1, region: "London" } },
  { id: "school", name: "School", type: "school" },
  { id: "uni", name: "Uni", type: "university" },
];
const relationships: RelationshipEdge[] = [
  { from: "fund", to: "school", type: "funds", weight: 3 },
  { from: "school", to: "fund", type: "partners_with", weight: 2 },
  { from: "fund", to: "school", type: "funds" },
  { from: "uni", to: "school", type: "mentors", weight: 1.5 },
  { from: "uni", to: "ghost", type: "mentors" },
  { from: "uni", to: "uni", type: "partners_with" },
];

describe("buildActorGraph", () => {
  it("merges parallel relationships into one undirected edge, summing weights and keeping types", () => {
    const graph = buildActorGraph(actors, relationships);
    expect(graph.type).toBe("undirected");
    expect(graph.order).toBe(3);
    expect(graph.size).toBe(2);
    expect(graph.getEdgeAttributes(graph.edge("fund", "school")!)).toEqual({
      weight: 6,
      types: ["funds", "partners_with"],
      count: 3,
    });
    expect(graph.getEdgeAttribute(graph.edge("school", "uni")!, "weight")).toBe(1.5);
    expect(graph.getNodeAttributes("fund")).toEqual({
      name: "Fund",
      type: "funder",
      location: { lat: 51.5, lon: -0.1, region: "London" },
    });
    expect(graph.getAttribute("skipped")).toEqual({ unknownActor: 1, selfLoop: 1, filteredType: 0 });
  });

  it("follows direction when directed, with partnerships both ways", () => {
    const graph = buildActorGraph(actors, relationships, { directed: true });
    expect(graph.type).toBe("directed");
    expect(graph.getEdgeAttributes(graph.edge("fund", "school")!)).toEqual({
      weight: 6,
      types: ["funds", "partners_with"],
      count: 3,
    });
    expect(graph.getEdgeAttributes(graph.edge("school", "fund")!)).toEqual({
      weight: 2,
      types: ["partners_with"],
      count: 1,
    });
    expect(graph.hasDirectedEdge("uni", "school")).toBe(true);
    expect(graph.hasDirectedEdge("school", "uni")).toBe(false);
  });

  it("keeps only the requested relationship types", () => {
    const graph = buildActorGraph(actors, relationships, { relationshipTypes: ["mentors"] });
    expect(graph.size).toBe(1);
    expect(graph.hasEdge("uni", "school")).toBe(true);
    expect(graph.getAttribute("skipped").filteredType).toBe(4);
  });

  it("gives edges stable keys", () => {
    const graph = buildActorGraph(actors, relationships);
    expect(graph.edges().sort()).toEqual(["fund -- school", "school -- uni"]);
    expect(buildActorGraph(actors, relationships, { directed: true }).edges().sort()).toEqual([
      "fund -> school",
      "school -> fund",
      "uni -> school",
    ]);
  });

  it("keeps actors without ties", () => {
    const graph = buildActorGraph(actors, []);
    expect(graph.order).toBe(3);
    expect(graph.size).toBe(0);
  });

  it("rejects duplicate actors and invalid weights", () => {
    expect(() => buildActorGraph([...actors, actors[0]!], [])).toThrow(/buildActorGraph: duplicate actor id "fund"/);
    expect(() => buildActorGraph(actors, [{ from: "fund", to: "uni", type: "funds", weight: -1 }])).toThrow(
      /buildActorGraph: .* invalid weight -1/,
    );
  });
});
