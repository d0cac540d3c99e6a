// Ranking quality on the labelled relevance set (fixtures/relevance), with the real index and query: a quality gate.
import { describe, expect, it } from "vitest";
import { dcg, evaluateRelevance, loadLabelledSet, ndcg } from "../../scripts/bench/relevance";
import { buildMatchIndex } from "../../server/matching";

describe("ranking quality on the labelled set", () => {
  it("computes nDCG with gain 2^grade - 1 and a log2(rank + 1) discount", () => {
    // Ranked grades 0, 2, 1: 0 + 3 / log2(3) + 1 / log2(4) = 1.89279 + 0.5; ideal 2, 1, 0: 3 + 1 / log2(3) = 3.63093.
    expect(dcg([0, 2, 1], 5)).toBeCloseTo(3 / Math.log2(3) + 0.5, 12);
    expect(ndcg([0, 2, 1], [2, 1, 0, 0], 5)).toBeCloseTo((3 / Math.log2(3) + 0.5) / (3 + 1 / Math.log2(3)), 12);
    expect(ndcg([2, 1], [2, 1], 5)).toBe(1);
  });

  it("puts a relevant offering first for at least 90% of the needs and never ranks a misfit", () => {
    const report = evaluateRelevance();
    expect(report.needs).toBe(47);
    expect(report.precisionAt1).toBeGreaterThanOrEqual(0.9);
    expect(report.ndcgAt5).toBeGreaterThan(0.9);
    expect(report.violations).toBe(0);
  });

  it("scores one shared common word low and two shared specific words high", () => {
    const set = loadLabelledSet();
    const texts = new Map([...set.needs, ...set.offerings].map((i) => [i.id, { description: i.description }]));
    // The set's own texts, plus one offering that shares "wi-fi" and "hotspot" with the hotspot need.
    const extra = {
      id: "extra.offer.hotspots",
      actorId: "cedar-valley-public-library",
      category: "technology/connectivity",
      title: "Wi-Fi hotspots to lend",
      unit: "devices",
      capacity: 10,
      modality: "in_person" as const,
      status: "available" as const,
    };
    texts.set(extra.id, { description: "Pocket Wi-Fi hotspots that families can take home for a term." });
    const index = buildMatchIndex(
      {
        actors: set.actors,
        relationships: [],
        needs: set.needs.map((n) => ({ ...n, status: "open" as const })),
        offerings: [...set.offerings.map((o) => ({ ...o, status: "available" as const })), extra],
      },
      { texts, today: "2026-01-01" },
    );
    const need = set.needs.find((n) => n.title === "Wi-Fi hotspots for students")!;
    const query = index.offeringText.query(need.title, texts.get(need.id));
    const relevance = new Map<string, number>();
    index.offeringText.score(query, (o, r) => relevance.set(index.offerings[o]!.id, r));
    const tutoring = set.offerings.find((o) => o.title === "Maths tutoring by education students")!;
    expect(index.offeringText.shared(query, index.offeringIndex.get(tutoring.id)!)).toEqual(["student"]);
    expect(relevance.get(tutoring.id)!).toBeLessThan(0.3);
    expect(index.offeringText.shared(query, index.offeringIndex.get(extra.id)!).slice(0, 2)).toEqual([
      "hotspot",
      "wi-fi",
    ]);
    expect(relevance.get(extra.id)!).toBeGreaterThan(0.7);
  });
});
