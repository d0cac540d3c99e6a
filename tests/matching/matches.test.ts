import { describe, expect, it } from "vitest";
import { haversineKm } from "../../server/analysis/geo";
import {
  buildMatchIndex,
  DEFAULT_WEIGHTS,
  matchesForNeed,
  matchesForOffering,
  matchReportForNeed,
  MatchOptionsError,
  resolveWeights,
} from "../../server/matching";
import type { MatchCandidate, MatchOffering, MatchSnapshot } from "../../server/matching";
import type { MapSnapshot } from "../../server/store/atlas-store";
import { NotFoundError } from "../../server/domain/errors";
import { actors, categories, indexOptions, KM_PER_DEGREE, needs, offerings, relationships, snapshot } from "./fixtures";

const index = buildMatchIndex(snapshot, indexOptions);
const ids = (matches: ReadonlyArray<Pick<MatchCandidate, "offeringId">>) => matches.map((m) => m.offeringId);
const needIds = (matches: MatchCandidate[]) => matches.map((m) => m.needId);
const weighted = (m: MatchCandidate) =>
  (Object.keys(m.weights) as Array<keyof MatchCandidate["weights"]>).reduce(
    (sum, k) => sum + m.weights[k] * m.breakdown[k],
    0,
  );

function withOfferings(extra: MatchOffering[], base: MatchSnapshot = snapshot): MatchSnapshot {
  return { ...base, offerings: [...base.offerings, ...extra] };
}

describe("matchesForNeed", () => {
  const matches = matchesForNeed(index, "n-devices");

  it("ranks the rural school's laptop need: the refurbisher first, then by category, reach and capacity", () => {
    expect(ids(matches)).toEqual(["o-laptops", "o-chromebooks"]);
    expect(matches.map((m) => m.categoryRelation)).toEqual(["same", "same"]);
    expect(matches.map((m) => [m.unit, m.proposedAmount])).toEqual([
      ["devices", 30],
      ["devices", 10],
    ]);
  });

  it("keeps near misses apart: the helpdesk in hours, the licences in a neighbouring category", () => {
    const report = matchReportForNeed(index, "n-devices");
    expect(ids(report.candidates)).toEqual(["o-laptops", "o-chromebooks"]);
    expect(report.nearMisses.map((m) => [m.offeringId, m.reasons.map((r) => r.text)])).toEqual([
      ["o-helpdesk", ["another unit: offers hours, needs devices"]],
      [
        "o-licences",
        [
          "a neighbouring category: offers technology/software, needs technology/devices",
          "another unit: offers items, needs devices",
        ],
      ],
    ]);
    expect(report.nearMisses[0]!.explanation).toBe(
      "Not a fit (another unit: offers hours, needs devices): City Tech Hub offers remote IT helpdesk: a broader " +
        "category (technology), 15 hours left, 30 devices needed, no words in common; available remotely; Harbour " +
        "Health Clinic can introduce you.",
    );
    expect(matchReportForNeed(index, "n-devices", { nearMisses: 0 }).nearMisses).toEqual([]);
  });

  it("never offers expired, exhausted, fully committed, out-of-reach or own offerings", () => {
    for (const id of ["o-expired", "o-exhausted", "o-vouchers", "o-tablets", "o-own"])
      expect(ids(matches)).not.toContain(id);
  });

  it("reports each part of the score and a total that is their weighted mean", () => {
    const top = matches[0]!;
    const distance = 0.3 * KM_PER_DEGREE;
    expect(top.distanceKm).toBeCloseTo(distance, 1);
    expect(top.breakdown.category).toBe(1);
    expect(top.breakdown.geography).toBeCloseTo(1 - (0.5 * distance) / 80, 4);
    expect(top.breakdown.capacity).toBe(1);
    expect(top.breakdown.network).toBe(0.6);
    expect(top.breakdown.equity).toBe(0.8);
    // Text, BM25F over the 10 available offerings (total weighted length 74, so avgL' = 7.4): "laptop" is in one,
    // idf = ln(1 + 9.5 / 1.5) = 1.99243; in o-laptops tf' = 2 (title) + 1.5 (tag) + 1 (description) = 4.5 and
    // L' = 4 + 3 + 5 = 12, so bm25 = 1.99243 * 4.5 * 2.2 / (4.5 + 1.2 (0.25 + 0.75 * 12 / 7.4)) = 3.15123, with
    // query weight 1 (a title word); relevance = 1 - exp(-3.15123 / 8) = 0.32558.
    expect(top.breakdown.text).toBeCloseTo(0.32558, 4);
    expect(top.sharedWords).toEqual(["laptop"]);
    expect(top.weights).toEqual(DEFAULT_WEIGHTS);
    // 0.3 + 0.15 * 0.32558 + 0.15 * 0.79151 + 0.15 + 0.15 * 0.6 + 0.1 * 0.8
    expect(top.score).toBeCloseTo(0.78756, 4);
    for (const m of matches) expect(m.score).toBeCloseTo(weighted(m), 3);

    const chromebooks = matches[1]!;
    expect(chromebooks.distanceKm).toBeCloseTo(KM_PER_DEGREE, 1);
    expect(chromebooks.breakdown.geography).toBeCloseTo(1 - (0.5 * KM_PER_DEGREE) / 200, 4);
    expect(chromebooks.breakdown.capacity).toBeCloseTo(10 / 30, 4);
    expect(chromebooks.breakdown.text).toBe(0);
  });

  it("explains each match in one plain sentence", () => {
    expect(matches[0]!.explanation).toBe(
      "ByteWorks Refurbish offers refurbished laptops: the same category, can cover all 30 devices needed (40 left), " +
        "shares only the word 'laptop'; 33 km away within its 80 km reach; Riverbend Library can introduce you.",
    );
    expect(matches[1]!.explanation).toBe(
      "City Tech Hub offers chromebooks on loan: the same category, can cover 10 of the 30 devices needed, no words " +
        "in common; 111 km away within its 200 km reach; Harbour Health Clinic can introduce you.",
    );
    expect(matchReportForNeed(index, "n-devices").nearMisses[1]!.explanation).toMatch(
      /no existing ties connect you yet\.$/,
    );
  });

  it("introduces through the strongest of the shortest paths", () => {
    // Two routes of two ties: via the library (ties 3 and 2) and via the clinic (ties 1 and 5); the weakest tie decides.
    expect(matches[0]!.introductionPath).toEqual({
      hops: 2,
      actors: [
        { id: "rural", name: "Hillside Rural School" },
        { id: "library", name: "Riverbend Library" },
        { id: "byteworks", name: "ByteWorks Refurbish" },
      ],
    });
    expect(matchReportForNeed(index, "n-devices").nearMisses[1]!.introductionPath).toBeNull();
  });

  it("finds introductions three ties away and names both intermediaries", () => {
    const [grant] = matchesForNeed(index, "n-rural-grants");
    expect(grant!.offeringId).toBe("o-grants");
    expect(grant!.introductionPath!.hops).toBe(3);
    expect(grant!.introductionPath!.actors.map((a) => a.name)).toEqual([
      "Hillside Rural School",
      "Harbour Health Clinic",
      "City Tech Hub",
      "Valley Fund",
    ]);
    expect(grant!.breakdown.network).toBe(0.3);
    expect(grant!.explanation).toBe(
      "Valley Fund offers small grants for reading: the same category, can cover all EUR 2,000 needed (10,000 left), " +
        "shares the words 'grant', 'reading'; available remotely; Harbour Health Clinic can introduce you through " +
        "City Tech Hub.",
    );
  });

  it("shows a chain of four ties when nothing shorter exists, without scoring it", () => {
    const longer = {
      ...snapshot,
      relationships: [...snapshot.relationships, { from: "fund", to: "mentors", type: "funds" as const, weight: 1 }],
    };
    const licences = matchReportForNeed(buildMatchIndex(longer, indexOptions), "n-devices").nearMisses.find(
      (m) => m.offeringId === "o-licences",
    )!;
    expect(licences.introductionPath!.hops).toBe(4);
    expect(licences.introductionPath!.actors.map((a) => a.id)).toEqual([
      "rural",
      "clinic",
      "techhub",
      "fund",
      "mentors",
    ]);
    expect(licences.breakdown.network).toBe(0);
    expect(licences.explanation).toMatch(
      /; the closest chain of ties runs through Harbour Health Clinic, City Tech Hub and Valley Fund\.$/,
    );
  });

  it("keeps in-person offerings within their reach and measures distance between the actors", () => {
    const town = matchesForNeed(index, "n-town-devices");
    const tablets = town.find((m) => m.offeringId === "o-tablets")!;
    expect(tablets.distanceKm).toBeCloseTo(0.4 * KM_PER_DEGREE, 1);
    expect(tablets.breakdown.geography).toBeCloseTo(1 - (0.5 * 0.4 * KM_PER_DEGREE) / 50, 4);
    // The rural school's projectors reach 10 km; the town is 67 km away.
    expect(ids(town)).not.toContain("o-own");

    const shortened = snapshot.offerings.map((o) => (o.id === "o-tablets" ? { ...o, reachKm: 44 } : o));
    const short = buildMatchIndex({ ...snapshot, offerings: shortened }, indexOptions);
    expect(ids(matchesForNeed(short, "n-town-devices"))).not.toContain("o-tablets");
  });

  it("scores in-person offerings without a stated reach by distance, halving at 50 km", () => {
    const [counselling] = matchesForNeed(index, "n-parents");
    const d = haversineKm(
      actors.find((a) => a.id === "parents")!.location!,
      actors.find((a) => a.id === "clinic")!.location!,
    );
    expect(counselling!.offeringId).toBe("o-counselling");
    expect(counselling!.reachKm).toBeNull();
    expect(counselling!.distanceKm).toBeCloseTo(d, 1);
    expect(counselling!.breakdown.geography).toBeCloseTo(1 / (1 + d / 50), 4);
    expect(counselling!.explanation).toContain("6.5 km away, no reach limit stated");
  });

  it("treats 'both' as remote: its reach does not limit it", () => {
    const far = {
      ...snapshot,
      needs: [
        ...snapshot.needs,
        {
          id: "n-far",
          actorId: "lonely",
          category: "mentoring/stem",
          title: "Coding club",
          quantity: 5,
          unit: "hours",
          priority: "low",
          status: "open",
        },
      ],
    } satisfies MatchSnapshot;
    const [m] = matchesForNeed(buildMatchIndex(far, indexOptions), "n-far");
    expect(m!.offeringId).toBe("o-stem-mentoring");
    expect(m!.modality).toBe("both");
    expect(m!.distanceKm).toBeNull();
    expect(m!.breakdown.geography).toBe(1);
    expect(m!.explanation).toContain("available remotely or in person");
  });

  it("shows an unrelated category only as a near miss, and only on strong text evidence", () => {
    const extra: MatchOffering[] = [
      {
        id: "o-borrow",
        actorId: "gallery",
        category: "arts",
        title: "Laptops for pupils to borrow",
        unit: "devices",
        capacity: 12,
        modality: "remote",
        status: "available",
      },
      {
        id: "o-kits",
        actorId: "gallery",
        category: "arts",
        title: "Home library kits",
        unit: "devices",
        capacity: 12,
        modality: "remote",
        status: "available",
      },
    ];
    const report = matchReportForNeed(buildMatchIndex(withOfferings(extra), indexOptions), "n-devices");
    expect(ids(report.candidates)).toEqual(["o-laptops", "o-chromebooks"]);
    const borrow = report.nearMisses.find((m) => m.offeringId === "o-borrow")!;
    expect(borrow.categoryRelation).toBe("unrelated");
    expect(borrow.breakdown.category).toBe(0);
    expect(borrow.breakdown.text).toBeGreaterThanOrEqual(0.45);
    expect(borrow.sharedWords.slice(0, 2).sort()).toEqual(["laptop", "pupil"]);
    expect(borrow.reasons.map((r) => r.text)).toEqual(["another category: offers arts, needs technology/devices"]);
    expect(borrow.explanation).toContain(`shares the words '${borrow.sharedWords[0]}', '${borrow.sharedWords[1]}'`);
    // "Home library kits" shares one description word ("home") only.
    expect(ids(report.nearMisses)).not.toContain("o-kits");
  });

  it("does not let one shared name bring in an unrelated category", () => {
    const choir: MatchOffering = {
      id: "o-choir",
      actorId: "gallery",
      category: "arts",
      title: "Hillside choir",
      unit: "people",
      capacity: 30,
      modality: "remote",
      status: "available",
    };
    const hill = {
      ...withOfferings([choir]),
      needs: [
        ...snapshot.needs,
        {
          id: "n-hill",
          actorId: "town",
          category: "technology/devices",
          title: "Hillside laptops",
          quantity: 5,
          unit: "devices",
          priority: "low",
          status: "open",
        },
      ],
    } satisfies MatchSnapshot;
    const texts = new Map(indexOptions.texts);
    texts.set("o-choir", { description: "The Hillside choir sings all over Hillside", tags: ["hillside"] });
    const hillIndex = buildMatchIndex(hill, { ...indexOptions, texts });
    // The one shared name, three times in the choir's text, is weak evidence on the absolute scale.
    let choirRelevance = 0;
    hillIndex.offeringText.score(hillIndex.offeringText.query("Hillside laptops"), (id, relevance) => {
      if (hill.offerings[id]!.id === "o-choir") choirRelevance = relevance;
    });
    expect(choirRelevance).toBeGreaterThan(0.2);
    expect(choirRelevance).toBeLessThan(0.45);
    const found = matchReportForNeed(hillIndex, "n-hill");
    expect(ids(found.candidates)).toContain("o-laptops");
    expect(ids(found.candidates)).not.toContain("o-choir");
    expect(ids(found.nearMisses)).not.toContain("o-choir");
  });

  it("uses remaining capacity and outstanding quantity when given", () => {
    const remaining = new Map([
      ["o-vouchers", 5],
      ["o-laptops", 0],
    ]);
    const outstanding = new Map([["n-devices", 50]]);
    const custom = buildMatchIndex(snapshot, { ...indexOptions, remaining, outstanding });
    const found = matchesForNeed(custom, "n-devices");
    expect(ids(found)).not.toContain("o-laptops");
    const vouchers = found.find((m) => m.offeringId === "o-vouchers")!;
    expect(vouchers.remainingCapacity).toBe(5);
    expect(vouchers.quantityNeeded).toBe(50);
    expect(vouchers.breakdown.capacity).toBeCloseTo(0.1, 6);
  });

  it("judges validity against today: valid through validUntil, gone the day after", () => {
    const onTheDay = buildMatchIndex(snapshot, { ...indexOptions, today: "2025-02-28" });
    expect(ids(matchesForNeed(onTheDay, "n-devices"))).toContain("o-expired");
    expect(ids(matchesForNeed(index, "n-devices"))).not.toContain("o-expired");
  });

  it("returns nothing for met or closed needs and throws for unknown ones", () => {
    expect(matchesForNeed(index, "n-closed")).toEqual([]);
    expect(matchesForNeed(index, "n-met")).toEqual([]);
    expect(() => matchesForNeed(index, "nope")).toThrow(NotFoundError);
  });

  it("honours the limit", () => {
    expect(ids(matchesForNeed(index, "n-devices", { limit: 2 }))).toEqual(["o-laptops", "o-chromebooks"]);
    expect(matchesForNeed(index, "n-devices", { limit: 0 })).toEqual([]);
    expect(() => matchesForNeed(index, "n-devices", { limit: 1.5 })).toThrow(MatchOptionsError);
  });

  it("takes weights per request and reports them normalised", () => {
    const byCapacity = matchesForNeed(index, "n-town-devices", {
      weights: { category: 0, text: 0, geography: 0, capacity: 2, network: 0, equity: 0 },
    });
    // Ties in score fall back to snapshot order.
    expect(ids(byCapacity)).toEqual(["o-laptops", "o-tablets", "o-chromebooks"]);
    expect(byCapacity.map((m) => m.score)).toEqual([1, 1, 0.5]);
    expect(byCapacity[0]!.weights).toEqual({ category: 0, text: 0, geography: 0, capacity: 1, network: 0, equity: 0 });
  });
});

describe("buildMatchIndex", () => {
  it("takes the store's MapSnapshot as it comes", () => {
    const fromStore: MapSnapshot = {
      mapId: "sample",
      version: 3,
      actors,
      relationships: relationships.map((r) => ({ ...r, weight: r.weight ?? 1 })),
      needs: needs.map((n) => ({ ...n, covered: 0 })),
      offerings: offerings.map((o) => ({
        ...o,
        committed: o.committed ?? 0,
        reachKm: o.reachKm ?? undefined,
        validFrom: o.validFrom ?? undefined,
        validUntil: o.validUntil ?? undefined,
      })),
      categories: categories.map((c) => ({ id: c.id, name: c.id })),
    };
    const viaStore = matchesForNeed(buildMatchIndex(fromStore, indexOptions), "n-devices");
    expect(viaStore).toEqual(matchesForNeed(index, "n-devices"));
  });

  it("counts what it indexed and refuses a malformed date", () => {
    expect(index.counts).toEqual({ actors: 14, needs: 9, offerings: 13, openNeeds: 7, availableOfferings: 10 });
    expect(() => buildMatchIndex(snapshot, { today: "1 March 2025" })).toThrow(MatchOptionsError);
  });
});

describe("matchesForOffering", () => {
  it("ranks open needs within reach, never the offering actor's own or closed ones", () => {
    const found = matchesForOffering(index, "o-laptops");
    expect(needIds(found)).toEqual(["n-devices", "n-town-devices"]);
    expect(found[0]!.explanation).toBe(
      "Hillside Rural School, an under-served actor, needs laptops for pupils: the same category, you can cover all " +
        "30 devices needed (40 left), shares only the word 'laptop'; 33 km away within your 80 km reach; Riverbend " +
        "Library can introduce you.",
    );
    // Paths always run from the needing actor to the offering actor.
    expect(found[0]!.introductionPath!.actors.map((a) => a.id)).toEqual(["rural", "library", "byteworks"]);
    // The same pair from the other side: every part but text (the needs' texts have their own IDF) agrees.
    const fromNeed = matchesForNeed(index, "n-devices")[0]!;
    for (const part of ["category", "geography", "capacity", "network", "equity"] as const)
      expect(found[0]!.breakdown[part]).toBe(fromNeed.breakdown[part]);
    expect(found[1]!.breakdown.equity).toBe(0.3);
  });

  it("keeps an in-person offering to the needs inside its reach", () => {
    const found = matchesForOffering(index, "o-arts-workshops");
    expect(needIds(found)).toEqual(["n-stem-arts"]);
    expect(found[0]!.distanceKm!).toBeGreaterThan(8);
    expect(found[0]!.distanceKm!).toBeLessThan(10);
    expect(matchesForOffering(index, "o-own")).toEqual([]);
  });

  it("returns nothing for expired, exhausted or fully committed offerings", () => {
    for (const id of ["o-expired", "o-exhausted", "o-vouchers"]) expect(matchesForOffering(index, id)).toEqual([]);
    expect(() => matchesForOffering(index, "nope")).toThrow(NotFoundError);
  });
});

describe("resolveWeights", () => {
  it("leaves the defaults as they are when nothing is overridden", () => {
    expect(resolveWeights()).toEqual(DEFAULT_WEIGHTS);
  });

  it("merges overrides with the defaults and normalises", () => {
    const w = resolveWeights({ network: 0.45 });
    expect(w.network).toBeCloseTo(0.45 / 1.3, 12);
    expect(w.category).toBeCloseTo(0.3 / 1.3, 12);
  });

  it("refuses negative, non-numeric, unknown and all-zero weights", () => {
    expect(() => resolveWeights({ text: -0.1 })).toThrow(MatchOptionsError);
    expect(() => resolveWeights({ text: Number.NaN })).toThrow(MatchOptionsError);
    expect(() => resolveWeights({ colour: 1 } as never)).toThrow(/unknown weight "colour"/);
    expect(() => resolveWeights({ category: 0, text: 0, geography: 0, capacity: 0, network: 0, equity: 0 })).toThrow(
      /must not all be zero/,
    );
  });
});
