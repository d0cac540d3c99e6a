// Pure helpers of the commitments board, the accept dialog, the match list's held order and the allocation plan view,
// on the tiny hand-made map (tests/client/fixtures.ts).
import { describe, expect, it } from "vitest";
import {
  allocationBody,
  assignmentRows,
  planComparison,
  summariseOutcomes,
  totalsByUnit,
} from "../../client/src/core/allocation";
import {
  boardColumns,
  checkAmount,
  commitmentCard,
  deliveredTotals,
  describeEvent,
  filterOptions,
  getEmptyBoardFilter,
  matchesFilter,
  nextStatuses,
  readSessionName,
  saveSessionName,
} from "../../client/src/core/commitments";
import { indexEcosystem } from "../../client/src/core/graph";
import { holdOrder, type MatchCandidate } from "../../client/src/core/matches";
import { tinyView } from "./fixtures";

const at = "2025-01-01T00:00:00.000Z";
const view = tinyView();
// c1 proposed 12 (o1 -> n1), c2 declined 3 (o1 -> n1); add a delivered 5 of the pantry (o2, lib-c) to the snacks
// (n2, school-a) and a delivered 4 more of the laptops to n1.
view.commitments = [
  ...view.commitments!,
  {
    id: "c3",
    offeringId: "o2",
    needId: "n2",
    amount: 5,
    unit: "kits",
    status: "delivered",
    history: [],
    createdAt: at,
    updatedAt: "2025-01-03T00:00:00.000Z",
  },
  {
    id: "c4",
    offeringId: "o1",
    needId: "n1",
    amount: 4,
    unit: "devices",
    status: "delivered",
    history: [],
    createdAt: at,
    updatedAt: "2025-01-02T00:00:00.000Z",
  },
];
const eco = indexEcosystem(view);
const none = getEmptyBoardFilter();

describe("commitments board", () => {
  it("offers only the lifecycle's moves", () => {
    expect(nextStatuses("proposed")).toEqual(["contacted", "accepted", "declined", "cancelled"]);
    expect(nextStatuses("accepted")).toEqual(["delivered", "cancelled"]);
    expect(nextStatuses("delivered")).toEqual([]);
  });

  it("reads a card with both sides, the capacity left and the need's status", () => {
    const card = commitmentCard(eco, view.commitments![0]!);
    // o1: capacity 50, committed 10 -> 40 left.
    expect(card).toMatchObject({
      amountText: "12 devices",
      offeringTitle: "Refurbished laptops",
      fromName: "Dogwood Tech",
      needTitle: "Laptops",
      toName: "Alder School",
      capacityLeft: 40,
      needStatus: "open",
      next: ["contacted", "accepted", "declined", "cancelled"],
    });
  });

  it("groups by status in lifecycle order, newest change first, closed ones apart", () => {
    const cols = boardColumns(eco, none);
    expect(cols.map((c) => [c.status, c.cards.map((k) => k.id), c.closed])).toEqual([
      ["proposed", ["c1"], false],
      ["contacted", [], false],
      ["accepted", [], false],
      ["delivered", ["c3", "c4"], false],
      ["declined", ["c2"], true],
      ["cancelled", [], true],
    ]);
  });

  it("filters by actor on either side, by category with its sub-categories, and by region", () => {
    const ids = (f: Partial<typeof none>) =>
      view.commitments!.filter((c) => matchesFilter(eco, c, { ...none, ...f })).map((c) => c.id);
    expect(ids({ actorId: "biz-d" })).toEqual(["c1", "c2", "c4"]); // the laptops' giver
    expect(ids({ actorId: "school-a" })).toEqual(["c1", "c2", "c3", "c4"]); // receives all
    expect(ids({ category: "technology" })).toEqual(["c1", "c2", "c4"]); // technology/devices is under it
    expect(ids({ category: "food" })).toEqual(["c3"]);
    // lib-c has no location and school-a is North: the pantry's commitment is North by its need's side.
    expect(ids({ region: "North" })).toEqual(["c1", "c2", "c3", "c4"]);
    expect(ids({ region: "South" })).toEqual([]);
    expect(ids({ actorId: "lib-c", category: "technology" })).toEqual([]);
  });

  it("offers filter choices only from what commitments touch", () => {
    expect(filterOptions(eco)).toEqual({
      actors: [
        { id: "school-a", name: "Alder School" },
        { id: "lib-c", name: "Cedar Library" },
        { id: "biz-d", name: "Dogwood Tech" },
      ],
      categories: ["food", "technology", "technology/devices"],
      regions: ["North"],
    });
  });

  it("adds up delivered amounts per need and per offering", () => {
    const d = deliveredTotals(eco, none);
    // n1: 4 delivered of 30; n2: 5 of 100. o1: 4 of 50; o2: 5 of 5.
    expect(d.needs.map((r) => [r.id, r.delivered, r.of, r.unit])).toEqual([
      ["n2", 5, 100, "kits"],
      ["n1", 4, 30, "devices"],
    ]);
    expect(d.offerings.map((r) => [r.id, r.delivered, r.of])).toEqual([
      ["o2", 5, 5],
      ["o1", 4, 50],
    ]);
    expect(deliveredTotals(eco, { ...none, category: "food" }).needs.map((r) => r.id)).toEqual(["n2"]);
  });

  it("checks a typed amount against the proposed maximum", () => {
    expect(checkAmount("18", 18, "devices")).toEqual({ ok: true, value: 18 });
    expect(checkAmount(" 2.5 ", 18, "devices")).toEqual({ ok: true, value: 2.5 });
    expect(checkAmount("19", 18, "devices")).toEqual({ ok: false, error: "At most 18 devices can be committed here." });
    expect(checkAmount("0", 18, "devices")).toEqual({ ok: false, error: "The amount must be more than 0." });
    expect(checkAmount("-3", 18, "devices")).toEqual({ ok: false, error: "The amount must be more than 0." });
    expect(checkAmount("ten", 18, "devices")).toEqual({ ok: false, error: "The amount must be a number." });
    expect(checkAmount("", 18, "devices")).toEqual({ ok: false, error: "Enter an amount." });
  });

  it("remembers who is making changes for the session, and says who did what", () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    };
    expect(readSessionName(storage)).toBe("");
    saveSessionName("  Ana Ruiz ", storage);
    expect(readSessionName(storage)).toBe("Ana Ruiz");
    expect(describeEvent({ status: "contacted", by: "Ana", at: "2025-03-03T14:05:00.000Z" }, "en-GB")).toMatch(
      /^contacted by Ana · 3 Mar 2025, \d\d:05$/,
    );
  });
});

describe("match list held in place", () => {
  const cand = (offeringId: string, proposedAmount: number): MatchCandidate => ({
    offeringId,
    actorName: offeringId,
    title: offeringId,
    score: 0.5,
    parts: [],
    explanation: "",
    path: [],
    unit: "people",
    proposedAmount,
    remainingCapacity: proposedAmount,
    quantityNeeded: 12,
    sharedWords: [],
  });

  it("keeps the first order, updates cards in place, keeps dropped ones marked gone and adds new ones last", () => {
    const held = [cand("a", 12), cand("b", 12), cand("c", 12)];
    // After accepting 8 from "a", the server re-ranks: c first, b, and "a" dropped; "d" is new.
    const fresh = [cand("c", 4), cand("b", 4), cand("d", 4)];
    expect(holdOrder(held, fresh).map((c) => [c.offeringId, c.proposedAmount, c.gone])).toEqual([
      ["a", 12, true],
      ["b", 4, false],
      ["c", 4, false],
      ["d", 4, false],
    ]);
  });
});

describe("allocation plan view", () => {
  const plan = {
    method: "lp" as const,
    objective: 8.5,
    maxObjective: 20,
    priorityWeightedDemandMet: 0.6,
    totalAssigned: 17,
    baseline: {
      method: "greedy" as const,
      objective: 6.8,
      maxObjective: 20,
      priorityWeightedDemandMet: 0.4,
      totalAssigned: 15,
    },
    assignments: [
      { needId: "n1", offeringId: "o1", amount: 12, unit: "devices", score: 0.8, value: 1 },
      { needId: "n2", offeringId: "o2", amount: 5, unit: "kits", score: 0.6, value: 1 },
      { needId: "n9", offeringId: "o1", amount: 3, unit: "devices", score: 0.5, value: 1 },
    ],
  };

  it("sends only the chosen scope", () => {
    expect(allocationBody({ region: null, category: null, actorIds: [] })).toEqual({});
    expect(allocationBody({ region: "North", category: "technology", actorIds: ["a", "b"] })).toEqual({
      region: "North",
      category: "technology",
      actorIds: ["a", "b"],
    });
  });

  it("names both sides, and totals each unit apart", () => {
    const rows = assignmentRows(plan, eco);
    expect(rows.map((r) => [r.key, r.offeringTitle, r.fromName, r.needTitle, r.toName, r.amountText])).toEqual([
      ["o1→n1", "Refurbished laptops", "Dogwood Tech", "Laptops", "Alder School", "12 devices"],
      ["o2→n2", "Pantry", "Cedar Library", "Snacks", "Alder School", "5 kits"],
      ["o1→n9", "Refurbished laptops", "Dogwood Tech", "n9", "", "3 devices"],
    ]);
    // 12 + 3 = 15 devices; 5 kits.
    expect(totalsByUnit(rows)).toEqual(["15 devices", "5 kits"]);
  });

  it("compares with the greedy baseline", () => {
    const c = planComparison(plan);
    // 8.5 - 6.8 = 1.7, and 1.7 / 6.8 = 0.25.
    expect(c.gain).toBeCloseTo(1.7, 12);
    expect(c.gainShare).toBeCloseTo(0.25, 12);
    expect([c.demandMet, c.baselineDemandMet]).toEqual([0.6, 0.4]);
    const alone = planComparison({ ...plan, baseline: undefined });
    expect([alone.baselineObjective, alone.gain, alone.gainShare]).toEqual([null, null, null]);
  });

  it("summarises what each request answered", () => {
    expect(
      summariseOutcomes([
        { key: "a", ok: true, status: 201, message: "" },
        { key: "b", ok: false, status: 409, message: "capacity" },
        { key: "c", ok: true, status: 201, message: "" },
      ]),
    ).toBe("2 commitments proposed; 1 refused");
    expect(summariseOutcomes([{ key: "a", ok: true, status: 201, message: "" }])).toBe("1 commitment proposed");
  });
});
