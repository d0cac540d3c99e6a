import { describe, expect, it } from "vitest";
import type { Funding } from "../../client/src/core/api";
import { formatMoney, funderRows } from "../../client/src/core/funders";

const tie = (id: string, from: string, to: string, amount: number | null, currency: string | null) => ({
  id,
  from,
  to,
  fromName: from.toUpperCase(),
  toName: to.toUpperCase(),
  amount,
  currency,
});
const funding: Funding = {
  mapVersion: 1,
  ties: [tie("t1", "f1", "s1", 100, "USD"), tie("t2", "f1", "s2", 900, "USD"), tie("t3", "f1", "s3", null, "USD")],
  funders: [
    { id: "f1", name: "F1", type: "funder", currency: "USD", total: 1000, recipients: 3, ties: 3, unstated: 1 },
  ],
  coFunded: [],
  unreached: [],
};

describe("funders tab", () => {
  it("groups the server's ties under their funder, largest amount first and unstated last", () => {
    expect(funderRows(funding).map((r) => r.ties.map((t) => t.id))).toEqual([["t2", "t1", "t3"]]);
  });

  it("writes money with its currency when known", () => {
    expect(formatMoney(5000, "USD")).toMatch(/^USD 5.000$/);
    expect(formatMoney(250, null)).toBe("250");
  });
});
