import { describe, expect, it } from "vitest";
import { analyzeFunding, funderCurrencies } from "../../server/analysis/funding";

// Two funders: f1 (its grants offering in USD) gives s1 1000 and s2 500; f2 (no money offering, so its currency is
// unknown) gives s1 an unstated amount and s2 250. f3 offers in USD and EUR, so its currency is unknown too; it
// funds s3 with 40. s4 and s5 are under-served; only s5 has no funds tie in. A mentors tie is no funding.
const ties = [
  { id: "t4", from: "f2", to: "s2", type: "funds", amount: 250 },
  { id: "t1", from: "f1", to: "s1", type: "funds", amount: 1000 },
  { id: "t3", from: "f2", to: "s1", type: "funds" },
  { id: "t2", from: "f1", to: "s2", type: "funds", amount: 500 },
  { id: "t5", from: "f3", to: "s3", type: "funds", amount: 40 },
  { id: "t6", from: "f1", to: "s5", type: "mentors" },
  { id: "t7", from: "f3", to: "s4", type: "funds", amount: 0 },
];
const offerings = [
  { actorId: "f1", unit: "USD" },
  { actorId: "f1", unit: "USD" },
  { actorId: "f2", unit: "hours" },
  { actorId: "f3", unit: "USD" },
  { actorId: "f3", unit: "EUR" },
];
const underServed = [
  { actorId: "s5", score: 0.8, reasons: ["no support ties"] },
  { actorId: "s4", score: 0.6, reasons: ["2 unmet needs"] },
];

describe("funding", () => {
  const currencies = funderCurrencies(offerings);
  const result = analyzeFunding(ties, currencies, underServed);

  it("takes a funder's currency from its offerings only when there is exactly one", () => {
    expect([...currencies]).toEqual([
      ["f1", "USD"],
      ["f3", null],
    ]);
  });

  it("lists every funds tie by funder and recipient, with its amount or null", () => {
    expect(result.ties.map((t) => t.id)).toEqual(["t1", "t2", "t3", "t4", "t5", "t7"]);
    expect(result.ties[2]).toEqual({ id: "t3", from: "f2", to: "s1", amount: null, currency: null });
    expect(result.ties[0]!.currency).toBe("USD");
  });

  it("totals each funder's stated amounts, largest first", () => {
    // f1: 1000 + 500 = 1500; f2: 250 plus one unstated; f3: 40 + 0.
    expect(result.funders).toEqual([
      { actorId: "f1", currency: "USD", total: 1500, recipients: 2, ties: 2, unstated: 0 },
      { actorId: "f2", currency: null, total: 250, recipients: 2, ties: 2, unstated: 1 },
      { actorId: "f3", currency: null, total: 40, recipients: 2, ties: 2, unstated: 0 },
    ]);
  });

  it("finds actors with two or more funders, never adding amounts of different currencies", () => {
    // s1: USD 1000 from f1, and an unstated amount of unknown currency from f2 (counted 0);
    // s2: USD 500 from f1, 250 of unknown currency from f2. Both have two funders; the larger first amount leads:
    // s1 (1000) before s2 (500).
    expect(result.coFunded).toEqual([
      {
        actorId: "s1",
        funders: ["f1", "f2"],
        received: [
          { currency: "USD", amount: 1000 },
          { currency: null, amount: 0 },
        ],
      },
      {
        actorId: "s2",
        funders: ["f1", "f2"],
        received: [
          { currency: "USD", amount: 500 },
          { currency: null, amount: 250 },
        ],
      },
    ]);
  });

  it("keeps the under-served actors no funds tie reaches, in the gap analysis's order", () => {
    // s4 has a funds tie in (amount 0 still says a funder reaches it); s5 only a mentors tie.
    expect(result.unreached).toEqual([underServed[0]]);
  });
});

describe("funding in the tie's own currency", () => {
  // f4's offerings are all in USD, so USD is the guess for its ties. t8 states GBP 300, which wins over the guess;
  // t9 states 100 with no currency, so it is USD 100; t10 (to s6 again) states no amount.
  const ties = [
    { id: "t8", from: "f4", to: "s6", type: "funds", amount: 300, currency: "GBP" },
    { id: "t9", from: "f4", to: "s7", type: "funds", amount: 100 },
    { id: "t10", from: "f4", to: "s6", type: "funds" },
    { id: "t11", from: "f5", to: "s7", type: "funds", amount: 50, currency: "GBP" },
  ];
  const result = analyzeFunding(ties, funderCurrencies([{ actorId: "f4", unit: "USD" }]), []);

  it("takes a tie's currency first, the funder's offerings' currency only when the tie states none", () => {
    expect(result.ties.map((t) => [t.id, t.amount, t.currency])).toEqual([
      ["t10", null, "USD"],
      ["t8", 300, "GBP"],
      ["t9", 100, "USD"],
      ["t11", 50, "GBP"],
    ]);
  });

  it("totals a funder per currency, never adding GBP to USD", () => {
    // f4: GBP 300 (t8) and USD 100 (t9) are two rows, not 400. t10 has no money, so it counts on f4's largest row
    // (GBP 300), whose recipients stay {s6}. f5: GBP 50.
    expect(result.funders).toEqual([
      { actorId: "f4", currency: "GBP", total: 300, recipients: 1, ties: 2, unstated: 1 },
      { actorId: "f4", currency: "USD", total: 100, recipients: 1, ties: 1, unstated: 0 },
      { actorId: "f5", currency: "GBP", total: 50, recipients: 1, ties: 1, unstated: 0 },
    ]);
    // s7 is co-funded: USD 100 from f4 and GBP 50 from f5, kept apart.
    expect(result.coFunded).toEqual([
      {
        actorId: "s7",
        funders: ["f4", "f5"],
        received: [
          { currency: "USD", amount: 100 },
          { currency: "GBP", amount: 50 },
        ],
      },
    ]);
  });
});
