import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../server/app";
import { buildTestApp, call, newMap } from "../helpers/app";

let app: App;
let mapId: string;
beforeAll(async () => {
  app = await buildTestApp();
  mapId = await newMap(app, "actors");
  const actors = [
    {
      id: "pine",
      name: "Pine Hollow Elementary",
      type: "school",
      tags: ["rural"],
      location: { lat: 45.4, lon: -93.9, region: "North Hills" },
      attributes: { students: 180 },
    },
    {
      id: "east",
      name: "Eastside Middle",
      type: "school",
      description: "Urban middle school",
      location: { lat: 44.95, lon: -93.05, region: "City" },
    },
    {
      id: "lib",
      name: "Riverbend Public Library",
      type: "library",
      tags: ["hub"],
      location: { lat: 44.97, lon: -93.1, region: "City" },
    },
    { id: "tech", name: "ByteWorks", type: "business" },
  ];
  for (const a of actors) expect((await call(app, "POST", `/api/maps/${mapId}/actors`, a)).status).toBe(201);
  await call(app, "POST", `/api/maps/${mapId}/needs`, {
    id: "n1",
    actorId: "pine",
    category: "technology/devices",
    title: "Laptops",
    quantity: 40,
    priority: "critical",
  });
  await call(app, "POST", `/api/maps/${mapId}/offerings`, {
    id: "o1",
    actorId: "lib",
    category: "technology/connectivity",
    title: "Hotspots",
    capacity: 25,
    modality: "in_person",
    reachKm: 30,
  });
});
afterAll(() => app.close());

const url = (path = "") => `/api/maps/${mapId}/actors${path}`;

describe("actors", () => {
  it("creates and reads an actor with all its fields", async () => {
    const r = await call(app, "GET", url("/pine"));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      id: "pine",
      name: "Pine Hollow Elementary",
      type: "school",
      description: "",
      tags: ["rural"],
      location: { lat: 45.4, lon: -93.9, region: "North Hills" },
      attributes: { students: 180 },
    });
    expect(Date.parse(r.body.createdAt)).toBeGreaterThan(0);
  });

  it("generates an id when none is given", async () => {
    const r = await call(app, "POST", url(), { name: "Generated", type: "other" });
    expect(r.status).toBe(201);
    expect(r.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await call(app, "DELETE", url(`/${r.body.id}`))).status).toBe(204);
  });

  it("refuses a duplicate id with 409", async () => {
    const r = await call(app, "POST", url(), { id: "pine", name: "Other", type: "school" });
    expect(r.status).toBe(409);
    expect((await call(app, "GET", url("/pine"))).body.name).toBe("Pine Hollow Elementary");
  });

  it("filters by type, region, tag, category and text, and paginates", async () => {
    const names = async (query: string) =>
      (await call(app, "GET", url(`?${query}`))).body.items.map((a: { id: string }) => a.id);
    expect(await names("type=school")).toEqual(["east", "pine"]);
    expect(await names("region=City")).toEqual(["east", "lib"]);
    expect(await names("tag=hub")).toEqual(["lib"]);
    expect(await names("category=technology")).toEqual(["pine", "lib"]);
    expect(await names("q=urban")).toEqual(["east"]);
    const page = await call(app, "GET", url("?limit=2&offset=1"));
    expect(page.body).toMatchObject({ total: 4, limit: 2, offset: 1 });
    expect(page.body.items.map((a: { id: string }) => a.id)).toEqual(["east", "pine"]);
    expect((await call(app, "GET", url("?type=dragon"))).status).toBe(400);
  });

  it("patches fields and removes optional ones with null", async () => {
    const r = await call(app, "PATCH", url("/east"), {
      tags: ["urban", "title-1"],
      location: null,
      attributes: { free_meal_pct: 78 },
    });
    expect(r.status).toBe(200);
    expect(r.body.tags).toEqual(["urban", "title-1"]);
    expect(r.body.location).toBeUndefined();
    expect(r.body.attributes).toEqual({ free_meal_pct: 78 });
    expect(r.body.description).toBe("Urban middle school");
    expect(Date.parse(r.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(r.body.createdAt));
    expect((await call(app, "PATCH", url("/ghost"), { name: "x" })).status).toBe(404);
    expect((await call(app, "PATCH", url("/east"), { type: "castle" })).status).toBe(400);
  });

  it("deletes an actor with its needs, offerings and relationships", async () => {
    await call(app, "POST", `/api/maps/${mapId}/actors`, { id: "gone", name: "Gone", type: "nonprofit" });
    await call(app, "POST", `/api/maps/${mapId}/needs`, {
      id: "gn",
      actorId: "gone",
      category: "food",
      title: "Food",
      quantity: 1,
      priority: "low",
    });
    await call(app, "POST", `/api/maps/${mapId}/offerings`, {
      id: "go",
      actorId: "gone",
      category: "volunteers",
      title: "Helpers",
      capacity: 2,
      modality: "in_person",
    });
    await call(app, "POST", `/api/maps/${mapId}/relationships`, {
      id: "gr",
      from: "gone",
      to: "pine",
      type: "supplies",
    });
    const before = (await call(app, "GET", `/api/maps/${mapId}`)).body.counts;
    expect((await call(app, "DELETE", url("/gone"))).status).toBe(204);
    const after = (await call(app, "GET", `/api/maps/${mapId}`)).body.counts;
    expect(after).toEqual({
      actors: before.actors - 1,
      needs: before.needs - 1,
      offerings: before.offerings - 1,
      relationships: before.relationships - 1,
    });
    expect((await call(app, "GET", `/api/maps/${mapId}/needs/gn`)).status).toBe(404);
    expect((await call(app, "GET", `/api/maps/${mapId}/relationships/gr`)).status).toBe(404);
    expect((await call(app, "DELETE", url("/gone"))).status).toBe(404);
  });
});
