// Structure in words and on the map: the actors a single point of failure or a cut tie would strand.
import { describe, expect, it } from "vitest";
import { strandedBy, strandedByTie, structureItems, type Structure } from "../../client/src/core/structure";
import { legendLayout } from "../../client/src/core/export";

/** Undirected adjacency from a list of ties. */
function adjacency(ties: Array<[string, string]>, extra: string[] = []): Map<string, Set<string>> {
  const m = new Map<string, Set<string>>();
  const add = (a: string, b: string) => (m.get(a) ?? m.set(a, new Set()).get(a)!).add(b);
  for (const [a, b] of ties) {
    add(a, b);
    add(b, a);
  }
  for (const x of extra) if (!m.has(x)) m.set(x, new Set());
  return m;
}

// A triangle a-b-c; c holds a tail c-d-e and a pendant c-f; g stands alone.
//   a - b          removing c leaves {a,b}, {d,e}, {f}: the largest piece is one of the two pairs, so 3 are stranded
//    \ /           removing d leaves {e} cut off: 1 stranded
//     c - d - e    the tie c-d leaves {d,e} (2) against {a,b,c,f} (4): the smaller side, d's, is stranded
//     |
//     f
const g = adjacency(
  [
    ["a", "b"],
    ["b", "c"],
    ["a", "c"],
    ["c", "d"],
    ["d", "e"],
    ["c", "f"],
  ],
  ["g"],
);

describe("what a loss would strand", () => {
  it("finds every actor outside the largest piece left when an actor stops", () => {
    const stranded = strandedBy(g, "c");
    // {a,b} is reached first and ties with {d,e} at 2: it is kept, so d, e and f are stranded (3 = cutOff).
    expect(stranded.sort()).toEqual(["d", "e", "f"]);
    expect(strandedBy(g, "d")).toEqual(["e"]);
    // Not a cut vertex: nothing is stranded.
    expect(strandedBy(g, "a")).toEqual([]);
    expect(strandedBy(g, "g")).toEqual([]);
  });

  it("takes the smaller side of a cut tie and nothing for a tie inside a cycle", () => {
    expect(strandedByTie(g, "c", "d")).toEqual({ end: "d", actors: ["d", "e"] });
    expect(strandedByTie(g, "d", "c")).toEqual({ end: "d", actors: ["d", "e"] });
    expect(strandedByTie(g, "a", "b")).toBeNull();
  });

  it("puts each item in a sentence about the ecosystem and lights up whom it concerns", () => {
    const s: Structure = {
      mapVersion: 1,
      components: [],
      articulationPoints: [{ id: "c", name: "Riverbend Library", type: "library", pieces: 3, cutOff: 3 }],
      bridges: [{ from: "c", to: "d", fromName: "Riverbend Library", toName: "Dale School", cutOff: 2 }],
      brokers: [
        { id: "c", name: "Riverbend Library", type: "library", constraint: 0.3125, effectiveSize: 3.5, degree: 4 },
      ],
      isolates: [{ id: "g", name: "Glen Farm", type: "business" }],
    };
    const items = structureItems(s, g);
    expect(items.articulation[0]!.meaning).toBe(
      "If Riverbend Library stopped, 3 actors would lose every path to the rest of the network " +
        "(its part of the map would fall into 3 pieces).",
    );
    expect(items.articulation[0]!.highlight).toMatchObject({ focus: ["c"], actorId: "c" });
    expect(items.articulation[0]!.highlight.related.sort()).toEqual(["d", "e", "f"]);
    expect(items.bridge[0]!.meaning).toBe(
      "If the tie between Riverbend Library and Dale School ended, 2 actors around Dale School would be cut off " +
        "from the rest.",
    );
    expect(items.bridge[0]!.highlight.ties).toEqual([["c", "d"]]);
    expect(items.bridge[0]!.actorId).toBeUndefined();
    expect(items.broker[0]!.meaning).toContain("tied to 4 actors who mostly do not know each other (3.5 non-redundant");
    expect(items.broker[0]!.highlight.related.sort()).toEqual(["a", "b", "d", "f"]);
    expect(items.isolate[0]!.meaning).toBe(
      "Glen Farm has no ties on the map: nobody here can introduce it, and it can reach no one.",
    );
  });
});

describe("the exported legend", () => {
  it("wraps entries into rows that fit the width", () => {
    // Each label is 10 px per character; an entry takes 18 + label + 18 px, from x = 12.
    const ctx = { font: "", measureText: (t: string) => ({ width: t.length * 10 }) as TextMetrics };
    const entries = ["School", "Library", "Funder"].map((label) => ({ label, color: "#000" }));
    // Widths 96, 106, 96: in 260 px, 12 + 96 = 108, then 108 + 106 = 214 fits, 214 + 96 = 310 > 248 wraps.
    expect(legendLayout(ctx, entries, 260)).toEqual([
      [12, 0],
      [108, 0],
      [12, 1],
    ]);
  });
});
