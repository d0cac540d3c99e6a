import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../server/app";
import { loadSample } from "../../server/seed";
import { buildTestApp, call, newMap } from "../helpers/app";

let app: App;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

describe("import and export", () => {
  it("imports the sample ecosystem and exports it back losslessly", async () => {
    const sample = loadSample();
    const first = await newMap(app, "sample");
    const imported = await call(app, "POST", `/api/maps/${first}/import`, sample.bundle);
    expect(imported.status).toBe(200);
    expect(imported.body).toEqual({
      categories: sample.bundle.categories.length,
      actors: sample.bundle.actors.length,
      relationships: sample.bundle.relationships.length,
      needs: sample.bundle.needs.length,
      offerings: sample.bundle.offerings.length,
      commitments: sample.bundle.commitments.length,
    });
    const map = (await call(app, "GET", `/api/maps/${first}`)).body;
    expect(map.counts).toEqual({
      actors: sample.bundle.actors.length,
      needs: sample.bundle.needs.length,
      offerings: sample.bundle.offerings.length,
      relationships: sample.bundle.relationships.length,
    });

    const exported = (await call(app, "GET", `/api/maps/${first}/export`)).body;
    const second = await newMap(app, "copy");
    expect((await call(app, "POST", `/api/maps/${second}/import`, exported)).status).toBe(200);
    const again = (await call(app, "GET", `/api/maps/${second}/export`)).body;
    expect(again).toEqual(exported);

    // Every actor of the sample comes back with the same fields it went in with.
    const byId = new Map(exported.actors.map((a: { id: string }) => [a.id, a]));
    for (const actor of sample.bundle.actors) expect(byId.get(actor.id)).toEqual(actor);
  });

  it("re-importing the same bundle changes nothing but the timestamps", async () => {
    const mapId = await newMap(app, "reimport");
    const bundle = {
      actors: [
        { id: "a", name: "A", type: "school" },
        { id: "b", name: "B", type: "business" },
      ],
      relationships: [{ from: "b", to: "a", type: "mentors", weight: 2 }],
      needs: [{ id: "n", actorId: "a", category: "mentorship", title: "Mentors", quantity: 10, priority: "high" }],
    };
    await call(app, "POST", `/api/maps/${mapId}/import`, bundle);
    const once = (await call(app, "GET", `/api/maps/${mapId}/export`)).body;
    await call(app, "POST", `/api/maps/${mapId}/import`, bundle);
    const twice = (await call(app, "GET", `/api/maps/${mapId}/export`)).body;
    expect(twice).toEqual(once);
    expect(once.relationships).toEqual([{ id: "b--mentors--a", from: "b", to: "a", type: "mentors", weight: 2 }]);
  });

  it("upserts by id: a changed relationship type or actor name replaces the old one", async () => {
    const mapId = await newMap(app, "upsert");
    await call(app, "POST", `/api/maps/${mapId}/import`, {
      actors: [
        { id: "a", name: "A", type: "school" },
        { id: "b", name: "B", type: "funder" },
      ],
      relationships: [{ id: "t", from: "b", to: "a", type: "partners_with" }],
    });
    await call(app, "POST", `/api/maps/${mapId}/import`, {
      actors: [{ id: "a", name: "A renamed", type: "school" }],
      relationships: [{ id: "t", from: "b", to: "a", type: "funds", amount: 1000 }],
    });
    const out = (await call(app, "GET", `/api/maps/${mapId}/export`)).body;
    expect(out.actors.map((a: { name: string }) => a.name)).toEqual(["A renamed", "B"]);
    expect(out.relationships).toEqual([{ id: "t", from: "b", to: "a", type: "funds", weight: 1, amount: 1000 }]);
  });

  it("upserts in place: optional fields left out are removed, moved needs and ties are relinked", async () => {
    const mapId = await newMap(app, "in-place");
    const actors = [
      { id: "a", name: "A", type: "school" },
      { id: "b", name: "B", type: "funder" },
      { id: "c", name: "C", type: "library" },
    ];
    await call(app, "POST", `/api/maps/${mapId}/import`, {
      actors: [
        { ...actors[0], url: "https://a.example", location: { lat: 45, lon: -93, region: "North" } },
        ...actors.slice(1),
      ],
      relationships: [
        { id: "t", from: "b", to: "a", type: "funds", amount: 500, since: "2024-01-01" },
        { id: "u", from: "c", to: "a", type: "mentors" },
      ],
      needs: [
        {
          id: "n",
          actorId: "a",
          category: "mentorship",
          title: "Mentors",
          quantity: 10,
          priority: "high",
          dueDate: "2027-01-01",
        },
      ],
      offerings: [
        { id: "o", actorId: "c", category: "technology/devices", title: "Laptops", capacity: 5, modality: "remote" },
      ],
    });
    const created = (await call(app, "GET", `/api/maps/${mapId}/actors/a`)).body.createdAt;
    await call(app, "POST", `/api/maps/${mapId}/import`, {
      actors,
      relationships: [
        { id: "t", from: "b", to: "a", type: "funds", weight: 3 },
        { id: "u", from: "c", to: "b", type: "mentors" },
      ],
      needs: [{ id: "n", actorId: "b", category: "food", title: "Meals", quantity: 4, priority: "low" }],
      offerings: [{ id: "o", actorId: "a", category: "food", title: "Snacks", capacity: 2, modality: "remote" }],
    });
    const out = (await call(app, "GET", `/api/maps/${mapId}/export`)).body;
    expect(out.actors.find((a: { id: string }) => a.id === "a")).toEqual({
      ...actors[0],
      description: "",
      tags: [],
      attributes: {},
    });
    expect(out.relationships).toEqual([
      { id: "t", from: "b", to: "a", type: "funds", weight: 3 },
      { id: "u", from: "c", to: "b", type: "mentors", weight: 1 },
    ]);
    expect(out.needs).toEqual([
      expect.objectContaining({
        id: "n",
        actorId: "b",
        category: "food",
        title: "Meals",
        quantity: 4,
        priority: "low",
      }),
    ]);
    expect(out.needs[0].dueDate).toBeUndefined();
    // The graph follows the moves: B now needs, A now offers, and filters by actor see it.
    expect((await call(app, "GET", `/api/maps/${mapId}/needs?actorId=b`)).body.total).toBe(1);
    expect((await call(app, "GET", `/api/maps/${mapId}/needs?actorId=a`)).body.total).toBe(0);
    expect((await call(app, "GET", `/api/maps/${mapId}/offerings?category=food`)).body.items[0].actorId).toBe("a");
    expect((await call(app, "GET", `/api/maps/${mapId}/actors?category=mentorship`)).body.total).toBe(0);
    const inFood = (await call(app, "GET", `/api/maps/${mapId}/actors?category=food`)).body.items;
    expect(inFood.map((a: { id: string }) => a.id).sort()).toEqual(["a", "b"]);
    expect((await call(app, "GET", `/api/maps/${mapId}/actors/a`)).body.createdAt).toBe(created);
  });

  it("is all or nothing: one dangling reference and nothing is written", async () => {
    const mapId = await newMap(app, "atomic");
    const before = (await call(app, "GET", `/api/maps/${mapId}`)).body;
    const r = await call(app, "POST", `/api/maps/${mapId}/import`, {
      categories: [{ id: "stem/robotics", name: "Robotics" }],
      actors: [{ id: "a", name: "A", type: "school" }],
      relationships: [{ from: "a", to: "ghost", type: "partners_with" }],
      needs: [{ id: "n", actorId: "a", category: "nowhere", title: "x", quantity: 1, priority: "low" }],
      offerings: [{ id: "o", actorId: "phantom", category: "food", title: "x", capacity: 1, modality: "remote" }],
    });
    expect(r.status).toBe(400);
    expect(r.body.issues).toEqual([
      { field: "relationships[0].to", message: "unknown actor 'ghost'" },
      { field: "offerings[0].actorId", message: "unknown actor 'phantom'" },
      { field: "needs[0].category", message: "unknown category 'nowhere'" },
    ]);
    const after = (await call(app, "GET", `/api/maps/${mapId}`)).body;
    expect(after.counts).toEqual(before.counts);
    expect(after.version).toBe(before.version);
    expect((await call(app, "GET", `/api/maps/${mapId}/categories/stem%2Frobotics`)).status).toBe(404);
  });

  it("refuses duplicate ids inside a bundle and bad items, naming each", async () => {
    const mapId = await newMap(app, "dups");
    const dup = await call(app, "POST", `/api/maps/${mapId}/import`, {
      actors: [
        { id: "a", name: "A", type: "school" },
        { id: "a", name: "A2", type: "school" },
      ],
    });
    expect(dup.status).toBe(400);
    expect(dup.body.issues).toEqual([{ field: "actors[1].id", message: "duplicate id 'a'" }]);
    const bad = await call(app, "POST", `/api/maps/${mapId}/import`, {
      actors: [{ id: "a", name: "A", type: "wizard" }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].field).toBe("actors[0].type");
    expect((await call(app, "GET", `/api/maps/${mapId}`)).body.counts.actors).toBe(0);
    expect((await call(app, "POST", `/api/maps/missing-map/import`, { actors: [] })).status).toBe(404);
  });
});
