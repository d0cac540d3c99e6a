// The acceptance on the sample ecosystem the app seeds on first start (fixtures/sample-ecosystem.json).
import { describe, expect, it } from "vitest";
import { detectCommunities } from "../../server/analysis/communities";
import { buildActorGraph } from "../../server/analysis/graph";
import { buildMatchIndex, matchesForNeed } from "../../server/matching";
import { planAllocation } from "../../server/matching/allocation";
import { suggestBridges } from "../../server/matching/bridges";
import { loadSample, loadTaxonomy } from "../../server/seed";

describe("matching on the sample ecosystem", () => {
  const { bundle } = loadSample();
  const texts = new Map(
    [...bundle.needs, ...bundle.offerings].map((item) => [item.id, { description: item.description }]),
  );
  const index = buildMatchIndex({ ...bundle, categories: loadTaxonomy() }, { texts, today: "2025-06-01" });

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
