import Graph from "graphology";
import { describe, expect, it } from "vitest";
import { singleSourceLength } from "graphology-shortest-path/unweighted";
import { toUndirectedCsr } from "../../server/analysis/csr";
import { createRng } from "../../server/analysis/random";
import { HopCounter, IntroductionFinder } from "../../server/matching/network";
import { categoryRelation, Taxonomy } from "../../server/domain/taxonomy";
import { processTerm, TextIndex } from "../../server/matching/text";

describe("taxonomy", () => {
  it("grades category fit by taxonomy distance", () => {
    expect(categoryRelation("technology/devices", "technology/devices")).toBe("same");
    expect(categoryRelation("technology", "technology/devices/laptops")).toBe("broader");
    expect(categoryRelation("technology/devices", "technology")).toBe("narrower");
    expect(categoryRelation("technology/software", "technology/devices")).toBe("sibling");
    expect(categoryRelation("technology/software", "technology/devices/laptops")).toBe("unrelated");
    expect(categoryRelation("funding", "technology")).toBe("unrelated");
    // A prefix of the name is not a parent.
    expect(categoryRelation("tech", "technology")).toBe("unrelated");
  });

  it("lists every related category once, with implied ancestors", () => {
    const t = new Taxonomy(["technology/devices/laptops", "technology/software", "funding"]);
    expect(t.related("technology/devices")).toEqual([
      { category: "technology/devices", relation: "same" },
      { category: "technology", relation: "broader" },
      { category: "technology/devices/laptops", relation: "narrower" },
      { category: "technology/software", relation: "sibling" },
    ]);
    expect(t.has("technology")).toBe(true);
  });
});

describe("text relevance", () => {
  it("folds case, stop words, numbers and simple plurals", () => {
    expect(processTerm("Laptops")).toBe("laptop");
    expect(processTerm("libraries")).toBe("library");
    expect(processTerm("class")).toBe("class");
    expect(processTerm("campus")).toBe("campus");
    expect(processTerm("for")).toBeNull();
    expect(processTerm("2025")).toBeNull();
  });

  const index = new TextIndex(4, [
    { id: 0, title: "Refurbished laptops" },
    { id: 1, title: "Laptop bags" },
    { id: 2, title: "Maths tutoring" },
    { id: 3, title: "Refurbished bicycles" },
  ]);
  const scores = (title: string) => {
    const out = new Map<number, number>();
    index.score(index.query(title), (id, r) => out.set(id, r));
    return out;
  };

  it("scores absolute BM25 evidence through 1 - exp(-evidence / 8), and leaves out documents with no shared word", () => {
    // Four titles of two words: L' = 4 = avgL', so the length norm is k1 = 1.2; a title word has tf' = 2, so
    // bm25 = idf * 2 * 2.2 / (2 + 1.2) = 1.375 idf; "refurbished" and "laptop" are each in 2 of 4: idf = ln 2.
    const s = scores("refurbished laptops");
    const one = 1.375 * Math.log(2);
    expect(s.get(0)).toBeCloseTo(1 - Math.exp((-2 * one) / 8), 12); // 0.21201
    expect(s.get(1)).toBeCloseTo(1 - Math.exp(-one / 8), 12); // 0.11230
    expect(s.get(3)).toBeCloseTo(1 - Math.exp(-one / 8), 12);
    expect(s.has(2)).toBe(false);
    // Not scaled to the best hit: the same document scores the same whatever else the query asks.
    expect(scores("refurbished laptops maths").get(0)).toBeCloseTo(s.get(0)!, 12);
  });

  it("keeps hyphenated words whole and names the words a document shares, strongest first", () => {
    const wifi = new TextIndex(3, [
      { id: 0, title: "Wi-Fi hotspots to lend", text: { description: "Pocket Wi-Fi hotspots families take home" } },
      { id: 1, title: "Maths tutoring by education students" },
      { id: 2, title: "Free Wi-Fi at the library" },
    ]);
    const q = wifi.query("Wi-Fi hotspots for students");
    expect(q.map((t) => t.term)).toEqual(["wi-fi", "hotspot", "student"]);
    expect(wifi.shared(q, 0)).toEqual(["hotspot", "wi-fi"]);
    expect(wifi.shared(q, 1)).toEqual(["student"]);
  });

  it("reports how many query terms a document holds", () => {
    const seen: Array<[number, number, number]> = [];
    index.score(index.query("refurbished maths"), (id, _r, matched, known) => seen.push([id, matched, known]));
    expect(seen.sort()).toEqual([
      [0, 1, 2],
      [2, 1, 2],
      [3, 1, 2],
    ]);
  });

  it("leaves the asking actor's own name out of its query", () => {
    expect(index.query("Laptops for Refurbished Bicycles Club", undefined, "Refurbished Bicycles Club")).toEqual([
      { term: "laptop", weight: 1 },
    ]);
  });

  it("ignores query terms no document uses", () => {
    expect(scores("refurbished laptops for pupils").get(0)).toBeCloseTo(scores("refurbished laptops").get(0)!, 12);
    expect(scores("unheard of words").size).toBe(0);
  });

  it("weighs title words above description words in the query", () => {
    const q = index.query("Laptops", { description: "refurbished please", tags: ["bags"] });
    expect(q).toEqual([
      { term: "laptop", weight: 1 },
      { term: "bag", weight: 0.75 },
      { term: "refurbished", weight: 0.5 },
      { term: "please", weight: 0.5 },
    ]);
  });
});

describe("introductions", () => {
  // s - a - t (ties 1, 1), s - b - t (ties 4, 2), s - c - d - t (ties 9, 9, 9), u isolated from s's side.
  const graph = new Graph({ type: "undirected" });
  for (const n of ["s", "a", "b", "c", "d", "t", "e", "f", "g", "u"]) graph.addNode(n);
  const tie = (x: string, y: string, weight: number) => graph.addEdge(x, y, { weight });
  tie("s", "a", 1);
  tie("a", "t", 1);
  tie("s", "b", 4);
  tie("b", "t", 2);
  tie("s", "c", 9);
  tie("c", "d", 9);
  tie("d", "e", 9);
  tie("e", "f", 1);
  tie("f", "g", 1);
  const csr = toUndirectedCsr("test", graph, { getEdgeWeight: "weight" });
  const at = (id: string) => csr.nodes.indexOf(id);
  const names = (path: number[] | null) => path?.map((i) => csr.nodes[i]);
  const finder = new IntroductionFinder(csr);
  finder.from(at("s"));

  it("prefers fewer ties, then the strongest weakest tie", () => {
    expect(finder.hops(at("t"))).toBe(2);
    expect(names(finder.path(at("t")))).toEqual(["s", "b", "t"]);
    expect(finder.hops(at("b"))).toBe(1);
    expect(names(finder.path(at("b")))).toEqual(["s", "b"]);
  });

  it("scores three ties and no further, and reports a four-tie chain only on request", () => {
    expect(finder.hops(at("e"))).toBe(3);
    expect(names(finder.path(at("e")))).toEqual(["s", "c", "d", "e"]);
    expect(finder.hops(at("f"))).toBe(Infinity);
    expect(finder.path(at("f"))).toBeNull();
    expect(names(finder.path(at("f"), 4))).toEqual(["s", "c", "d", "e", "f"]);
    expect(finder.path(at("g"), 4)).toBeNull();
    expect(finder.path(at("u"), 4)).toBeNull();
  });

  it("forgets the previous source when moved", () => {
    finder.from(at("g"));
    expect(finder.hops(at("f"))).toBe(1);
    expect(finder.hops(at("t"))).toBe(Infinity);
    finder.from(at("s"));
  });

  it("measures hop distances between pairs by bidirectional breadth-first search", () => {
    const counter = new HopCounter(csr);
    expect(counter.distance(at("s"), at("g"))).toBe(5);
    expect(counter.distance(at("g"), at("t"))).toBe(7);
    expect(counter.distance(at("t"), at("b"))).toBe(1);
    expect(counter.distance(at("a"), at("b"))).toBe(2);
    expect(counter.distance(at("s"), at("s"))).toBe(0);
    expect(counter.distance(at("s"), at("u"))).toBeNull();
    // Buffers are reused: asking again gives the same answers.
    expect(counter.distance(at("s"), at("g"))).toBe(5);
  });

  it("agrees with plain breadth-first search on a random graph", () => {
    const rng = createRng(9);
    const g = new Graph({ type: "undirected" });
    for (let i = 0; i < 60; i++) g.addNode(String(i));
    for (let k = 0; k < 70; k++) {
      const x = String(Math.floor(rng() * 60));
      const y = String(Math.floor(rng() * 60));
      if (x !== y && !g.hasEdge(x, y)) g.addEdge(x, y, { weight: 1 });
    }
    const c = toUndirectedCsr("test", g, { getEdgeWeight: "weight" });
    const counter = new HopCounter(c);
    for (let source = 0; source < 60; source++) {
      const lengths = singleSourceLength(g, c.nodes[source]!);
      for (let target = 0; target < 60; target++) {
        expect(counter.distance(source, target)).toBe(lengths[c.nodes[target]!] ?? null);
      }
    }
  });
});
