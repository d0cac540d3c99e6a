// Gaps, match candidates and the allocation answer "which needs can nothing serve" with the one fit rule, so they
// name the same needs: on a small map built to hit every reason a pair fails, and on the sample ecosystem.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../server/app";
import { seedSample } from "../../server/seed";
import { buildTestApp, call, newMap, uniqueId } from "../helpers/app";

let app: App;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

const TODAY = new Date().toISOString().slice(0, 10);
const NEXT_YEAR = `${Number(TODAY.slice(0, 4)) + 1}-01-01`;

/** The open needs each analysis says nothing can serve. */
async function unservable(mapId: string) {
  const gaps = await call(app, "GET", `/api/maps/${mapId}/analysis/gaps?limit=1000`);
  expect(gaps.status).toBe(200);
  const fromGaps = gaps.body.unmetNeeds.map((n: { needId: string }) => n.needId).sort();

  const needs = await call(app, "GET", `/api/maps/${mapId}/needs?limit=1000`);
  const open = needs.body.items.filter((n: { status: string }) => n.status === "open" || n.status === "partially_met");
  const fromMatches: string[] = [];
  for (const need of open) {
    const m = await call(app, "GET", `/api/maps/${mapId}/needs/${need.id}/matches?limit=1`);
    expect(m.status).toBe(200);
    if (m.body.candidates.length === 0) fromMatches.push(need.id);
  }

  const plan = await call(app, "POST", `/api/maps/${mapId}/analysis/allocation`, {});
  expect(plan.status).toBe(200);
  const fromPlan = plan.body.unmet
    .filter((u: { reason: string }) => u.reason === "no_candidates")
    .map((u: { needId: string }) => u.needId)
    .sort();
  return { fromGaps, fromMatches: fromMatches.sort(), fromPlan, open: open.length };
}

describe("needs nothing can serve", () => {
  it("are the same for gaps, matches and the allocation on a map of every misfit", async () => {
    const mapId = await newMap(app, "agree");
    const at = (lon: number) => ({ lat: 0, lon, region: "East" });
    const need = (id: string, actorId: string, category: string, unit: string) => ({
      id,
      actorId,
      category,
      title: `Need ${id}`,
      quantity: 10,
      unit,
      priority: "high",
    });
    const offering = (id: string, actorId: string, category: string, unit: string, extra: object = {}) => ({
      id,
      actorId,
      category,
      title: `Offering ${id}`,
      capacity: 10,
      unit,
      modality: "remote",
      ...extra,
    });
    const bundle = {
      actors: [
        { id: "school", name: "School", type: "school", location: at(0) },
        { id: "firm", name: "Firm", type: "business", location: at(0.05) },
        { id: "far", name: "Far firm", type: "business", location: at(10) },
      ],
      needs: [
        need("served", "school", "technology/devices", "devices"), // a remote devices offering fits
        need("sibling", "school", "technology/connectivity", "devices"), // only a devices-category offering
        need("unit", "school", "food", "meals"), // food is offered in kits only
        need("later", "school", "arts", "sessions"), // arts offered from next year
        need("reach", "school", "tutoring", "people"), // tutoring offered 1,100 km away, reach 50 km
        need("own", "school", "mentorship", "people"), // only the school's own mentoring
        need("parent", "school", "technology/devices", "devices"), // shares "served"'s offering
      ],
      offerings: [
        offering("devices", "firm", "technology/devices", "devices", { capacity: 30 }),
        offering("kits", "firm", "food", "kits"),
        offering("arts", "firm", "arts", "sessions", { validFrom: NEXT_YEAR }),
        offering("tutors", "far", "tutoring", "people", { modality: "in_person", reachKm: 50 }),
        offering("mentors", "school", "mentorship", "people"),
      ],
    };
    expect((await call(app, "POST", `/api/maps/${mapId}/import`, bundle)).status).toBe(200);
    const r = await unservable(mapId);
    // Worked out by hand from the comments above: only the two devices needs have a fitting offering.
    const expected = ["later", "own", "reach", "sibling", "unit"];
    expect(r.fromGaps).toEqual(expected);
    expect(r.fromMatches).toEqual(expected);
    expect(r.fromPlan).toEqual(expected);
  });

  it("are the same for gaps, matches and the allocation on the sample ecosystem", async () => {
    const mapId = uniqueId("agree-sample");
    await seedSample(app.store, mapId);
    const r = await unservable(mapId);
    expect(r.open).toBeGreaterThan(50);
    expect(r.fromGaps.length).toBeGreaterThan(0);
    expect(r.fromMatches).toEqual(r.fromGaps);
    expect(r.fromPlan).toEqual(r.fromGaps);
  });
});
