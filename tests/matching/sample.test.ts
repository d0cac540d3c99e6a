// The acceptance on the sample ecosystem the app seeds on first start (fixtures/sample-ecosystem.json).
import { describe, expect, it } from "vitest";
import { detectCommunities } from "../../server/analysis/communities";
import { buildActorGraph } from "../../server/analysis/graph";
import { categoryLineage, categoryRelation } from "../../server/domain/taxonomy";
import { buildMatchIndex, matchesForNeed, matchReportForNeed } from "../../server/matching";
import { planAllocation } from "../../server/matching/allocation";
import { suggestBridges } from "../../server/matching/bridges";
import { loadSample, loadTaxonomy } from "../../server/seed";

describe("matching on the sample ecosystem", () => {
  const { bundle } = loadSample();
  const texts = new Map(
    [...bundle.needs, ...bundle.offerings].map((item) => [item.id, { description: item.description }]),
  );
  // Items without a unit take their category's (or its nearest ancestor's), as the store defaults them.
  const taxonomy = loadTaxonomy();
  const unitOf = new Map(taxonomy.map((c) => [c.id, c.unit]));
  const unit = (item: { unit?: string; category: string }) =>
    item.unit ||
    (categoryLineage(item.category)
      .map((c) => unitOf.get(c))
      .find(Boolean) ??
      "items");
  const needs = bundle.needs.map((n) => ({ ...n, unit: unit(n) }));
  const offerings = bundle.offerings.map((o) => ({ ...o, unit: unit(o) }));
  const index = buildMatchIndex({ ...bundle, needs, offerings, categories: taxonomy }, { texts, today: "2025-06-01" });

  it("never ranks a candidate of another unit or a category that does not fit, for any open need", () => {
    let ranked = 0;
    for (const need of needs) {
      if (need.status !== "open" && need.status !== "partially_met") continue;
      const report = matchReportForNeed(index, need.id, { limit: 100 });
      for (const c of report.candidates) {
        ranked++;
        expect(unit(offerings.find((o) => o.id === c.offeringId)!)).toBe(need.unit);
        expect(["same", "broader", "narrower"]).toContain(categoryRelation(c.offeringCategory, c.needCategory));
      }
      for (const m of report.nearMisses) expect(m.reasons.length).toBeGreaterThan(0);
    }
    // The check ran over real candidates, not an empty list.
    expect(ranked).toBeGreaterThan(20);
  });

  it("offers the rural school's device need a device offering first, explained, with an introduction path", () => {
    const [first] = matchesForNeed(index, "pine-hollow-elementary.need.devices");
    expect(first!.offeringCategory).toBe("technology/devices");
    expect(first!.offeringTitle.toLowerCase()).toMatch(/laptop|device|refurb/);
    expect(first!.introductionPath!.actors[0]!.id).toBe("pine-hollow-elementary");
    expect(first!.introductionPath!.actors.at(-1)!.id).toBe(first!.offeringActorId);
    expect(first!.explanation).toContain(first!.introductionPath!.actors[1]!.name);
  });

  it("suggests the STEM school and the arts school to each other", () => {
    const { membership } = detectCommunities(buildActorGraph(bundle.actors, bundle.relationships));
    const pair = suggestBridges(index, { membership }).find(
      (b) =>
        new Set([b.needActor.id, b.offeringActor.id]).size === 2 &&
        [b.needActor.id, b.offeringActor.id].every((id) =>
          ["northgate-stem-academy", "lakeside-arts-high"].includes(id),
        ),
    );
    expect(pair).toBeDefined();
    expect(pair!.reverse).not.toBeNull();
  });

  it("meets more priority-weighted demand than the greedy baseline", async () => {
    const plan = await planAllocation(index);
    expect(plan.objective).toBeGreaterThan(plan.baseline!.objective);
    expect(plan.priorityWeightedDemandMet).toBeGreaterThan(plan.baseline!.priorityWeightedDemandMet);
  });
});
