import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../server/app";
import { buildTestApp, call, newMap } from "../helpers/app";

let app: App;
let mapId: string;
beforeAll(async () => {
  app = await buildTestApp();
  mapId = await newMap(app, "items");
  await call(app, "POST", `/api/maps/${mapId}/actors`, {
    id: "school",
    name: "School",
    type: "school",
    location: { lat: 44.9, lon: -93.1, region: "City" },
  });
  await call(app, "POST", `/api/maps/${mapId}/actors`, {
    id: "firm",
    name: "Firm",
    type: "business",
    location: { lat: 45.2, lon: -93.5, region: "Suburbs" },
  });
});
afterAll(() => app.close());

async function counts() {
  return (await call(app, "GET", `/api/maps/${mapId}`)).body.counts;
}

describe("needs", () => {
  const url = (path = "") => `/api/maps/${mapId}/needs${path}`;

  it("creates a need with defaults and reads it back", async () => {
    const r = await call(app, "POST", url(), {
      id: "laptops",
      actorId: "school",
      category: "technology/devices",
      title: "Laptops for grade 5",
      quantity: 30,
      unit: "devices",
      priority: "critical",
      dueDate: "2027-01-15",
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      id: "laptops",
      status: "open",
      description: "",
      quantity: 30,
      unit: "devices",
      dueDate: "2027-01-15",
    });
    expect((await call(app, "GET", url("/laptops"))).body.title).toBe("Laptops for grade 5");
  });

  it("refuses a need for an unknown actor or category, writing nothing", async () => {
    const before = await counts();
    const r = await call(app, "POST", url(), {
      actorId: "ghost",
      category: "spaceships",
      title: "x",
      quantity: 1,
      priority: "low",
    });
    expect(r.status).toBe(400);
    expect(r.body.issues).toEqual([
      { field: "actorId", message: "unknown actor 'ghost'" },
      { field: "category", message: "unknown category 'spaceships'" },
    ]);
    expect(await counts()).toEqual(before);
  });

  it("refuses duplicates with 409 and unknown ids with 404", async () => {
    const dup = await call(app, "POST", url(), {
      id: "laptops",
      actorId: "school",
      category: "food",
      title: "x",
      quantity: 1,
      priority: "low",
    });
    expect(dup.status).toBe(409);
    expect((await call(app, "GET", url("/ghost"))).status).toBe(404);
    expect((await call(app, "DELETE", url("/ghost"))).status).toBe(404);
    expect(
      (
        await call(app, "POST", `/api/maps/no-such-map/needs`, {
          actorId: "school",
          category: "food",
          title: "x",
          quantity: 1,
          priority: "low",
        })
      ).status,
    ).toBe(404);
  });

  it("patches status and category, and filters", async () => {
    await call(app, "POST", url(), {
      id: "meals",
      actorId: "school",
      category: "food",
      title: "Weekend meals",
      quantity: 120,
      priority: "high",
    });
    const patched = await call(app, "PATCH", url("/meals"), { status: "partially_met", dueDate: null });
    expect(patched.status).toBe(200);
    expect(patched.body.status).toBe("partially_met");
    const moved = await call(app, "PATCH", url("/meals"), { category: "health/checkups" });
    expect(moved.body.category).toBe("health/checkups");
    expect((await call(app, "PATCH", url("/meals"), { category: "nowhere" })).status).toBe(400);
    expect((await call(app, "PATCH", url("/meals"), { actorId: "firm" })).status).toBe(400);
    const ids = async (q: string) => (await call(app, "GET", url(`?${q}`))).body.items.map((n: { id: string }) => n.id);
    expect(await ids("category=technology")).toEqual(["laptops"]);
    expect(await ids("category=health")).toEqual(["meals"]);
    expect(await ids("status=partially_met")).toEqual(["meals"]);
    expect(await ids("priority=critical")).toEqual(["laptops"]);
    expect(await ids("region=City")).toEqual(["laptops", "meals"]);
    expect(await ids("actorType=business")).toEqual([]);
    expect(await ids("q=grade")).toEqual(["laptops"]);
    expect((await call(app, "GET", url("?status=solved"))).status).toBe(400);
  });

  it("counts a need in a unit from the list: its own, or its category's default, and refuses any other", async () => {
    const base = { actorId: "school", title: "x", quantity: 2, priority: "low" };
    // Without a unit, technology/connectivity's default from the taxonomy: devices.
    const own = await call(app, "POST", url(), { ...base, id: "u-eur", category: "funding/grants", unit: "EUR" });
    expect(own.body.unit).toBe("EUR");
    const taken = await call(app, "POST", url(), { ...base, id: "u-def", category: "technology/connectivity" });
    expect(taken.body.unit).toBe("devices");
    const bad = await call(app, "POST", url(), { ...base, id: "u-bad", category: "food", unit: "laptops" });
    expect(bad.status).toBe(400);
    expect(bad.body.issues).toEqual([
      {
        field: "unit",
        message:
          "must be one of devices, hours, sessions, meals, people, places, kits, items, or a currency as its ISO 4217 code (USD, EUR, GBP...)",
      },
    ]);
    expect((await call(app, "PATCH", url("/u-def"), { unit: "hours" })).body.unit).toBe("hours");
    expect((await call(app, "PATCH", url("/u-def"), { unit: "ZZZ" })).status).toBe(400);
    expect((await call(app, "PATCH", url("/u-def"), { unit: null })).status).toBe(400);
    for (const id of ["u-eur", "u-def"]) await call(app, "DELETE", url(`/${id}`));
  });

  it("deletes a need", async () => {
    await call(app, "POST", url(), {
      id: "temp",
      actorId: "school",
      category: "arts",
      title: "Paint",
      quantity: 5,
      priority: "low",
    });
    expect((await call(app, "DELETE", url("/temp"))).status).toBe(204);
    expect((await call(app, "GET", url("/temp"))).status).toBe(404);
  });
});

describe("offerings", () => {
  const url = (path = "") => `/api/maps/${mapId}/offerings${path}`;

  it("creates, filters, patches and deletes offerings", async () => {
    const r = await call(app, "POST", url(), {
      id: "refurb",
      actorId: "firm",
      category: "technology/devices",
      title: "Refurbished laptops",
      capacity: 50,
      unit: "devices",
      modality: "in_person",
      reachKm: 80,
      validUntil: "2027-06-30",
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ status: "available", reachKm: 80, validUntil: "2027-06-30" });
    await call(app, "POST", url(), {
      id: "tutor",
      actorId: "firm",
      category: "tutoring/math",
      title: "Online maths tutoring",
      capacity: 10,
      modality: "remote",
    });
    const ids = async (q: string) => (await call(app, "GET", url(`?${q}`))).body.items.map((n: { id: string }) => n.id);
    expect(await ids("modality=remote")).toEqual(["tutor"]);
    expect(await ids("category=technology/devices")).toEqual(["refurb"]);
    expect(await ids("actorId=firm")).toEqual(["tutor", "refurb"]);
    const patched = await call(app, "PATCH", url("/refurb"), { status: "exhausted", reachKm: null });
    expect(patched.body.status).toBe("exhausted");
    expect(patched.body.reachKm).toBeUndefined();
    expect((await call(app, "PATCH", url("/refurb"), { modality: "teleport" })).status).toBe(400);
    expect(
      (
        await call(app, "POST", url(), {
          id: "refurb",
          actorId: "firm",
          category: "food",
          title: "x",
          capacity: 1,
          modality: "remote",
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await call(app, "POST", url(), {
          actorId: "firm",
          category: "food",
          title: "x",
          capacity: -1,
          modality: "remote",
        })
      ).status,
    ).toBe(400);
    expect((await call(app, "DELETE", url("/tutor"))).status).toBe(204);
    expect(await ids("actorId=firm")).toEqual(["refurb"]);
  });
});
