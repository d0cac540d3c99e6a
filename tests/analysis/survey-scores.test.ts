import { describe, expect, it } from "vitest";
import {
  keptWhenConfirmedOnly,
  ratingScore,
  ratingScores,
  reciprocity,
  responseRate,
  tieStatus,
} from "../../server/analysis/survey-scores";

const tie = (from: string, to: string, reportedBy?: string[]) => ({ from, to, type: "partners_with", reportedBy });

describe("tie status", () => {
  it("is confirmed when both ends reported the tie, unconfirmed when one did, not surveyed when none did", () => {
    expect(tieStatus(tie("a", "b", ["a", "b"]))).toBe("confirmed");
    expect(tieStatus(tie("a", "b", ["b"]))).toBe("unconfirmed");
    expect(tieStatus(tie("a", "b"))).toBe("not_surveyed");
    expect(tieStatus(tie("a", "b", []))).toBe("not_surveyed");
  });

  it("keeps typed and imported ties and confirmed survey ties when only confirmed ties count", () => {
    expect(keptWhenConfirmedOnly(tie("a", "b"))).toBe(true);
    expect(keptWhenConfirmedOnly(tie("a", "b", ["b", "a"]))).toBe(true);
    expect(keptWhenConfirmedOnly(tie("a", "b", ["a"]))).toBe(false);
  });
});

describe("reciprocity", () => {
  it("is confirmed over reported ties among the surveyed actors", () => {
    const ties = [
      tie("a", "b", ["a", "b"]), // confirmed
      tie("b", "c", ["b"]), // unconfirmed
      tie("c", "a", ["c"]), // unconfirmed
      tie("a", "x", ["a"]), // x was not asked: it could not have confirmed
      tie("b", "c"), // typed by hand: no survey reported it
    ];
    expect(reciprocity(ties, new Set(["a", "b", "c"]))).toEqual({ reported: 3, confirmed: 1, rate: 1 / 3 });
  });

  it("is 0 when no tie was reported", () => {
    expect(reciprocity([tie("a", "b")], new Set(["a", "b"]))).toEqual({ reported: 0, confirmed: 0, rate: 0 });
  });
});

describe("response rate", () => {
  it("counts the roster members that submitted and lists the others", () => {
    expect(responseRate(["c", "a", "b", "d"], new Set(["b", "z"]))).toEqual({
      roster: 4,
      submitted: 1,
      rate: 0.25,
      nonRespondents: ["a", "c", "d"],
    });
    expect(responseRate([], new Set())).toEqual({ roster: 0, submitted: 0, rate: 0, nonRespondents: [] });
  });
});

describe("trust and value", () => {
  it("scores a rating by the mean of its three items and refuses answers off the scale", () => {
    expect(ratingScore([1, 2, 4])).toBeCloseTo(7 / 3, 12);
    expect(() => ratingScore([1, 2])).toThrow(/^survey-scores: a rating has 3 items/);
    expect(() => ratingScore([1, 2, 5])).toThrow(/^survey-scores: rating items run from 1 to 4/);
  });

  it("gives each actor the mean of what the others rated it, and the network the mean over every rated tie", () => {
    const result = ratingScores([
      { rater: "a", rated: "b", trust: [4, 4, 4], value: [2, 2, 2] },
      { rater: "c", rated: "b", trust: [1, 2, 3], value: [3, 3, 4] },
      { rater: "b", rated: "a", trust: [3, 3, 3] },
      { rater: "a", rated: "a", trust: [1, 1, 1], value: [1, 1, 1] }, // itself: not counted
    ]);
    expect(result.actors).toEqual([
      { actorId: "a", trust: { mean: 3, count: 1 }, value: null },
      { actorId: "b", trust: { mean: 3, count: 2 }, value: { mean: (2 + 10 / 3) / 2, count: 2 } },
    ]);
    // trust: (4 + 2 + 3) / 3; value: (2 + 10/3) / 2
    expect(result.network.trust).toEqual({ mean: 3, count: 3 });
    expect(result.network.value!.count).toBe(2);
    expect(result.network.value!.mean).toBeCloseTo(8 / 3, 12);
  });

  it("has no scores without ratings", () => {
    expect(ratingScores([{ rater: "a", rated: "b" }])).toEqual({
      actors: [],
      network: { trust: null, value: null },
    });
  });
});
