// Pure client logic: indexing, neighbourhoods, filters, search, sorting, forms, matches, funders, graph building.
import { describe, expect, it } from "vitest";
import {
  getEmptyFiltersState,
  setFocus,
  setThreshold,
  toggleActorType,
  visibleActors,
} from "../../client/src/core/filters";
import {
  actorInput,
  actorPatch,
  ActorInput,
  ActorPatch,
  apiFieldErrors,
  needInput,
  NeedInput,
  parseWith,
} from "../../client/src/core/forms";
import { buildGraph, indexEcosystem, neighbourhood } from "../../client/src/core/graph";
import { geoLayout } from "../../client/src/core/layout";
import { acceptLabel, nothingToPropose, readCandidates, readNearMisses } from "../../client/src/core/matches";
import { searchActors } from "../../client/src/core/search";
import {
  focusActor,
  getEmptySelectionState,
  selectActor,
  selectNeed,
  zoomToFit,
} from "../../client/src/core/selection";
import { nextSort, sortRows, type ActorRow } from "../../client/src/core/table";
import { tinyView } from "./fixtures";

const eco = indexEcosystem(tinyView());

describe("ecosystem index", () => {
  it("indexes needs, offerings, ties and categories by actor", () => {
    expect(eco.needsByActor.get("school-a")?.map((n) => n.id)).toEqual(["n1", "n2"]);
    expect(
      eco.relationshipsByActor
        .get("lib-c")
        ?.map((r) => r.id)
        .sort(),
    ).toEqual(["r2", "r3"]);
    expect([...eco.neighbours.get("school-a")!].sort()).toEqual(["fund-b", "lib-c"]);
    expect([...eco.actorCategories.get("biz-d")!].sort()).toEqual(["technology", "technology/devices"]);
    expect(eco.regions).toEqual(["North", "South"]);
  });

  it("finds neighbourhoods of depth 1 and 2", () => {
    expect([...neighbourhood(eco.neighbours, "fund-b", 1)].sort()).toEqual(["fund-b", "school-a"]);
    expect([...neighbourhood(eco.neighbours, "fund-b", 2)].sort()).toEqual(["fund-b", "lib-c", "school-a"]);
  });
});

describe("filters", () => {
  const degree = new Map([
    ["school-a", 2],
    ["fund-b", 1],
    ["lib-c", 2],
    ["biz-d", 1],
  ]);
  it("keeps everyone (null) when nothing is filtered", () => {
    expect(visibleActors(eco, getEmptyFiltersState(), degree)).toBeNull();
  });
  it("filters by type, region, category, threshold and focus", () => {
    const base = getEmptyFiltersState();
    expect([...visibleActors(eco, toggleActorType("school")(base), degree)!]).toEqual(["school-a"]);
    expect([...visibleActors(eco, { ...base, regions: ["North"] }, degree)!].sort()).toEqual(["biz-d", "school-a"]);
    expect([...visibleActors(eco, { ...base, categories: ["technology"] }, degree)!].sort()).toEqual([
      "biz-d",
      "school-a",
    ]);
    expect([...visibleActors(eco, setThreshold("degree", 0.75)(base), degree)!].sort()).toEqual(["lib-c", "school-a"]);
    expect([...visibleActors(eco, setFocus({ actorId: "biz-d", depth: 1 })(base), degree)!].sort()).toEqual([
      "biz-d",
      "lib-c",
    ]);
  });
});

describe("selection", () => {
  it("clears the need when another actor is selected and numbers camera requests", () => {
    let s = selectNeed("n1")(selectActor("school-a")(getEmptySelectionState()));
    expect(s.selectedNeedId).toBe("n1");
    s = selectActor("fund-b")(s);
    expect(s.selectedNeedId).toBeNull();
    const a = zoomToFit()(s);
    const b = focusActor("lib-c")(a);
    expect(b.camera).toEqual({ kind: "actors", ids: ["lib-c"], nonce: a.camera!.nonce + 1 });
    expect(b.selectedActorId).toBe("lib-c");
  });
});

describe("search", () => {
  it("ranks exact, prefix, word prefix, substring, then other fields", () => {
    expect(searchActors(eco.actors.values(), "cedar").map((h) => h.id)).toEqual(["lib-c"]);
    expect(searchActors(eco.actors.values(), "tech").map((h) => h.id)).toEqual(["biz-d"]);
    expect(searchActors(eco.actors.values(), "rural").map((h) => [h.id, h.rank])).toEqual([["school-a", 4]]);
    expect(searchActors(eco.actors.values(), "ALDER")[0]?.rank).toBe(1);
    expect(searchActors(eco.actors.values(), "  ")).toEqual([]);
  });
});

describe("table sorting", () => {
  const row = (id: string, name: string, degree: number | null): ActorRow => ({
    id,
    name,
    type: "school",
    region: "",
    degree,
    pagerank: null,
    betweenness: null,
    underServed: null,
    openNeeds: 0,
    offerings: 0,
  });
  const rows = [row("a", "beta", 3), row("b", "Alpha", null), row("c", "gamma", 10)];
  it("sorts text A-Z first and numbers high-low first, missing values last", () => {
    expect(sortRows(rows, { key: "name", dir: "asc" }).map((r) => r.id)).toEqual(["b", "a", "c"]);
    const s = nextSort({ key: "name", dir: "asc" }, "degree");
    expect(s).toEqual({ key: "degree", dir: "desc" });
    expect(sortRows(rows, s).map((r) => r.id)).toEqual(["c", "a", "b"]);
    expect(sortRows(rows, nextSort(s, "degree")).map((r) => r.id)).toEqual(["a", "c", "b"]);
  });
});

describe("forms", () => {
  it("validates a draft with the API's schema and names the bad field", () => {
    const draft = {
      name: "X",
      type: "school",
      "location.lat": "123",
      "location.lon": "10",
      tags: "a, b",
      attributes: "students: 40\nrural: true",
    };
    const parsed = parseWith(ActorInput, actorInput(draft));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(Object.keys(parsed.errors)).toEqual(["location.lat"]);
    const good = parseWith(ActorInput, actorInput({ ...draft, "location.lat": "45" }));
    expect(good.ok && good.data).toMatchObject({
      tags: ["a", "b"],
      attributes: { students: 40, rural: true },
      location: { lat: 45, lon: 10 },
      sensitive: false,
    });
    const marked = parseWith(ActorInput, actorInput({ ...draft, "location.lat": "45", sensitive: "true" }));
    expect(marked.ok && marked.data.sensitive).toBe(true);
  });
  it("clears optional fields with null on edit", () => {
    const patch = actorPatch({ name: "X", type: "school", url: "", "location.lat": "" });
    expect(patch).toMatchObject({ url: null, location: null });
    expect(parseWith(ActorPatch, patch).ok).toBe(true);
  });
  it("keeps unparsable numbers for zod to reject", () => {
    const parsed = parseWith(
      NeedInput,
      needInput({ actorId: "a", category: "food", title: "T", quantity: "lots", priority: "high", status: "open" }),
    );
    expect(!parsed.ok && parsed.errors.quantity).toBeTruthy();
  });
  it("maps API issues to fields", () => {
    expect(
      apiFieldErrors([
        { field: "to", message: "unknown actor" },
        { field: "", message: "bad" },
      ]),
    ).toEqual({ to: "unknown actor", form: "bad" });
  });
});

describe("matches", () => {
  const candidate = (offeringId: string, score: number, remainingCapacity: number, quantityNeeded = 18) => ({
    needId: "n1",
    offeringId,
    needActorId: "school-a",
    needActorName: "Alder School",
    offeringActorId: "biz-d",
    offeringActorName: "Dogwood Tech",
    needTitle: "Laptops",
    offeringTitle: "Refurbished laptops",
    needCategory: "technology/devices",
    offeringCategory: "technology/devices",
    categoryRelation: "same" as const,
    score,
    breakdown: { category: 1, text: 0.2, geography: 0.5, capacity: 1, network: 0.6, equity: 0 },
    weights: { category: 0.3, text: 0.15, geography: 0.15, capacity: 0.15, network: 0.15, equity: 0.1 },
    modality: "both" as const,
    distanceKm: null,
    reachKm: 100,
    remainingCapacity,
    quantityNeeded,
    unit: "devices",
    // The server's rule: min(capacity left, quantity still needed).
    proposedAmount: Math.min(remainingCapacity, quantityNeeded),
    sharedWords: ["laptop"],
    priority: "high" as const,
    introductionPath: {
      hops: 2,
      actors: [
        { id: "school-a", name: "Alder School" },
        { id: "lib-c", name: "Cedar Library" },
        { id: "biz-d", name: "Dogwood Tech" },
      ],
    },
    explanation: "Devices nearby",
  });
  const { proposedAmount: _p, ...hotspots } = {
    ...candidate("o3", 0.7, 60),
    offeringTitle: "Hotspot lending",
    offeringCategory: "technology/connectivity",
    categoryRelation: "sibling" as const,
  };
  const nearMiss = {
    ...hotspots,
    offeringUnit: "devices",
    reasons: [
      {
        code: "sibling_category" as const,
        text: "a neighbouring category: offers technology/connectivity, needs technology/devices",
      },
      { code: "other_unit" as const, text: "another unit: offers hours, needs devices" },
    ],
    explanation:
      "Not a fit (a neighbouring category: offers technology/connectivity, needs technology/devices; another unit: offers hours, needs devices): Dogwood Tech offers hotspot lending.",
  };

  it("reads the candidates with their parts, path, unit and the server's proposed amount", () => {
    const response = {
      mapVersion: 3,
      needId: "n1",
      // 18 devices still needed: the first offering has 40 left (proposes 18), the second 5 (proposes 5).
      candidates: [candidate("o1", 0.9, 40), candidate("o2", 0.2, 5)],
      nearMisses: [nearMiss],
    };
    const list = readCandidates(response);
    expect(list.map((c) => c.offeringId)).toEqual(["o1", "o2"]);
    expect(list[0]).toMatchObject({
      actorId: "biz-d",
      actorName: "Dogwood Tech",
      title: "Refurbished laptops",
      explanation: "Devices nearby",
      unit: "devices",
      sharedWords: ["laptop"],
      path: [
        { id: "school-a", name: "Alder School" },
        { id: "lib-c", name: "Cedar Library" },
        { id: "biz-d", name: "Dogwood Tech" },
      ],
    });
    expect(list[0]!.parts).toContainEqual({ name: "geography", value: 0.5 });
    expect(list[0]!.parts).toHaveLength(6);
    expect(list.map((c) => c.proposedAmount)).toEqual([18, 5]);
    // A near miss in the same response never becomes a candidate.
    expect(list.map((c) => c.offeringId)).not.toContain("o3");
  });

  it("labels Accept with the proposed amount in its unit, and offers none when nothing is left", () => {
    expect(acceptLabel({ proposedAmount: 25, unit: "devices" })).toBe("Accept (25 devices)");
    expect(acceptLabel({ proposedAmount: 1, unit: "places" })).toBe("Accept (1 place)");
    expect(acceptLabel({ proposedAmount: 45000, unit: "USD" })).toBe("Accept (USD 45,000)");
    expect(acceptLabel({ proposedAmount: 0, unit: "devices" })).toBeNull();
    // Capacity 0 and 18 needed: min(0, 18) = 0; capacity 40 and nothing needed: min(40, 0) = 0.
    const [usedUp, covered] = readCandidates({ candidates: [candidate("o1", 0.9, 0), candidate("o2", 0.8, 40, 0)] });
    expect([usedUp!.proposedAmount, covered!.proposedAmount]).toEqual([0, 0]);
    expect(acceptLabel(usedUp!)).toBeNull();
    expect(nothingToPropose(usedUp!)).toBe("No capacity left on this offering.");
    expect(nothingToPropose(covered!)).toBe("Nothing left to commit: the need is covered.");
  });

  it("reads near misses apart, with their reasons in words and the explanation without its preamble", () => {
    const misses = readNearMisses({
      nearMisses: [nearMiss, { ...nearMiss, offeringId: "o4", explanation: "Odd text" }],
    });
    expect(misses).toEqual([
      {
        offeringId: "o3",
        actorId: "biz-d",
        actorName: "Dogwood Tech",
        title: "Hotspot lending",
        offeringCategory: "technology/connectivity",
        offeringUnit: "devices",
        reasons: [
          "a neighbouring category: offers technology/connectivity, needs technology/devices",
          "another unit: offers hours, needs devices",
        ],
        detail: "Dogwood Tech offers hotspot lending.",
      },
      // Wording other than the exact preamble is shown whole rather than cut in the wrong place.
      expect.objectContaining({ offeringId: "o4", detail: "Odd text" }),
    ]);
    expect(readNearMisses({})).toEqual([]);
  });
});

describe("graph", () => {
  it("builds arrows for directed ties, lines for mutual ones, and keeps earlier positions", () => {
    const { graph, placed } = buildGraph(eco, new Map([["school-a", { x: 5, y: 7 }]]));
    expect(placed).toBe(3);
    expect(graph.order).toBe(4);
    expect(graph.getNodeAttributes("school-a")).toMatchObject({
      x: 5,
      y: 7,
      label: "Alder School",
      actorType: "school",
    });
    expect(graph.getEdgeAttribute("r1", "type")).toBe("arrow");
    expect(graph.isDirected("r1")).toBe(true);
    expect(graph.getEdgeAttribute("r2", "type")).toBe("line");
    expect(graph.isUndirected("r2")).toBe(true);
    expect(graph.getEdgeAttribute("r3", "size")).toBeGreaterThan(graph.getEdgeAttribute("r2", "size"));
    // Same data, same first positions: layouts repeat across reloads.
    expect(buildGraph(eco).graph.getNodeAttributes("biz-d")).toEqual(buildGraph(eco).graph.getNodeAttributes("biz-d"));
  });
  it("projects latitude and longitude, north up, and lists actors without a location apart", () => {
    const { graph } = buildGraph(eco);
    const geo = geoLayout(graph);
    expect(geo.positions.get("fund-b")!.y).toBeGreaterThan(geo.positions.get("school-a")!.y);
    expect(geo.positions.get("fund-b")!.x).toBeLessThan(geo.positions.get("school-a")!.x);
    expect(geo.unlocated).toEqual(["lib-c"]);
  });
});
