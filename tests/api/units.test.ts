// The units migration: maps written when units were free text get units from the list, through the real store.
// Items are written through the API, then given the free-text or missing units of old maps straight through the
// driver, as a database from before the migration holds them.
import neo4j, { type Driver } from "neo4j-driver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../server/app";
import { buildTestApp, call, newMap, testNeo4j } from "../helpers/app";

let app: App;
let driver: Driver;
beforeAll(async () => {
  app = await buildTestApp();
  const { uri, user, password } = testNeo4j();
  driver = neo4j.driver(uri, neo4j.auth.basic(user, password), { disableLosslessIntegers: true });
});
afterAll(async () => {
  await driver.close();
  await app.close();
});

const raw = (query: string, params: object) => driver.executeQuery(query, params);

async function oldMap(): Promise<string> {
  const mapId = await newMap(app, "units");
  const bundle = {
    categories: [{ id: "gadgets", name: "Gadgets" }],
    actors: [
      { id: "school", name: "School", type: "school" },
      { id: "firm", name: "Firm", type: "business" },
    ],
    needs: [
      { id: "laptops", category: "technology/devices", quantity: 30 },
      { id: "tutors", category: "tutoring/math", quantity: 4 },
      { id: "bare", category: "stem/coding", quantity: 5 },
      { id: "fresh", category: "food", quantity: 10 },
      { id: "gizmos", category: "gadgets", quantity: 2 },
      { id: "hours", category: "facilities/space", quantity: 8 },
    ].map((n) => ({ ...n, actorId: "school", title: n.id, priority: "medium" })),
    offerings: [
      { id: "refurb", category: "technology/devices", capacity: 25 },
      { id: "hampers", category: "food/family", capacity: 40 },
    ].map((o) => ({ ...o, actorId: "firm", title: o.id, modality: "remote" })),
  };
  expect((await call(app, "POST", `/api/maps/${mapId}/import`, bundle)).status).toBe(200);
  const c = await call(app, "POST", `/api/maps/${mapId}/commitments`, {
    id: "c1",
    offeringId: "refurb",
    needId: "laptops",
    amount: 5,
  });
  expect(c.body.unit).toBe("devices");
  // What a map from before units were a list holds.
  const set = async (label: "Need" | "Offering", id: string, unit: string | null) =>
    raw(`MATCH (i:${label} {mapId: $mapId, id: $id}) SET i.unit = $unit`, { mapId, id, unit });
  await set("Need", "laptops", "laptops");
  await set("Need", "tutors", "students/week");
  await set("Need", "bare", null);
  await set("Need", "fresh", "");
  await set("Need", "gizmos", "widgets");
  await set("Offering", "refurb", "Laptops (refurbished)");
  await set("Offering", "hampers", "bags");
  await raw("MATCH ()-[c:FULFILLS {mapId: $mapId}]->() REMOVE c.unit", { mapId });
  await raw("MATCH (c:Category {mapId: $mapId}) WHERE c.id IN ['food', 'food/family'] REMOVE c.unit", { mapId });
  return mapId;
}

const unitsOf = async (mapId: string, kind: "needs" | "offerings") =>
  Object.fromEntries(
    (await call(app, "GET", `/api/maps/${mapId}/${kind}?limit=100`)).body.items.map(
      (i: { id: string; unit: string }) => [i.id, i.unit],
    ),
  );
const version = async (mapId: string) => (await call(app, "GET", `/api/maps/${mapId}`)).body.version;

describe("units migration", () => {
  it("maps free text to the list, else the category's default, else items; once", async () => {
    const mapId = await oldMap();
    await app.store.migrateUnits();
    expect(await unitsOf(mapId, "needs")).toEqual({
      laptops: "devices", // "laptops" names devices
      tutors: "people", // "students/week": students are people
      bare: "people", // no unit: stem/coding has none of its own, stem counts people
      fresh: "meals", // empty: food's default, which the migration gave back to food from the taxonomy
      gizmos: "items", // "widgets" names nothing, and gadgets has no default
      hours: "hours", // already on the list
    });
    expect(await unitsOf(mapId, "offerings")).toEqual({
      refurb: "devices", // "Laptops (refurbished)": the first word that names a unit
      hampers: "kits", // "bags" names nothing: food/family's default from the taxonomy
    });
    expect((await call(app, "GET", `/api/maps/${mapId}/categories/food%2Ffamily`)).body.unit).toBe("kits");
    expect((await call(app, "GET", `/api/maps/${mapId}/commitments/c1`)).body).toMatchObject({
      unit: "devices",
      amount: 5,
    });
    const stored = await raw("MATCH ()-[c:FULFILLS {mapId: $mapId, id: 'c1'}]->() RETURN c.unit AS unit", { mapId });
    expect(stored.records[0]!.get("unit")).toBe("devices");

    // Idempotent: nothing of this map is left to migrate, so a second run does not even touch it.
    const before = await version(mapId);
    await app.store.migrateUnits();
    expect(await version(mapId)).toBe(before);
    expect((await unitsOf(mapId, "needs")).gizmos).toBe("items");
  });

  it("leaves a map whose units are all on the list alone", async () => {
    const mapId = await newMap(app, "units-ok");
    await call(app, "POST", `/api/maps/${mapId}/actors`, { id: "a", name: "A", type: "school" });
    await call(app, "POST", `/api/maps/${mapId}/needs`, {
      id: "n",
      actorId: "a",
      category: "food",
      title: "Lunch",
      quantity: 3,
      unit: "GBP",
      priority: "low",
    });
    const before = await version(mapId);
    await app.store.migrateUnits();
    expect(await version(mapId)).toBe(before);
    expect((await unitsOf(mapId, "needs")).n).toBe("GBP");
  });
});
