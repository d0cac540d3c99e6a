import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../server/app";
import { buildTestApp, call, newMap } from "../helpers/app";

let app: App;
let mapId: string;
beforeAll(async () => {
  app = await buildTestApp();
  mapId = await newMap(app, "cats");
});
afterAll(() => app.close());

const url = (path = "") => `/api/maps/${mapId}/categories${path}`;

describe("categories", () => {
  it("extends the taxonomy under an existing parent", async () => {
    const r = await call(app, "POST", url(), { id: "technology/robotics", name: "Robotics kits" });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ id: "technology/robotics", name: "Robotics kits", parent: "technology" });
    expect((await call(app, "GET", url("/technology%2Frobotics"))).body.name).toBe("Robotics kits");
  });

  it("refuses a missing parent, a contradictory parent, a bad path and a duplicate", async () => {
    const orphan = await call(app, "POST", url(), { id: "space/rockets", name: "Rockets" });
    expect(orphan.status).toBe(400);
    expect(orphan.body.issues).toEqual([{ field: "parent", message: "unknown category 'space'" }]);
    const contradiction = await call(app, "POST", url(), { id: "food/fresh", name: "Fresh", parent: "arts" });
    expect(contradiction.body.issues[0].field).toBe("parent");
    expect((await call(app, "POST", url(), { id: "Bad Path", name: "x" })).body.issues[0].field).toBe("id");
    expect((await call(app, "POST", url(), { id: "food", name: "Food again" })).status).toBe(409);
  });

  it("renames, and deletes only what nothing uses", async () => {
    expect((await call(app, "PATCH", url("/technology%2Frobotics"), { name: "Robots" })).body.name).toBe("Robots");
    await call(app, "POST", `/api/maps/${mapId}/actors`, { id: "s", name: "S", type: "school" });
    await call(app, "POST", `/api/maps/${mapId}/needs`, {
      id: "n",
      actorId: "s",
      category: "technology/robotics",
      title: "Kits",
      quantity: 3,
      priority: "medium",
    });
    const inUse = await call(app, "DELETE", url("/technology%2Frobotics"));
    expect(inUse.status).toBe(409);
    expect((await call(app, "DELETE", url("/technology"))).status).toBe(409);
    await call(app, "DELETE", `/api/maps/${mapId}/needs/n`);
    expect((await call(app, "DELETE", url("/technology%2Frobotics"))).status).toBe(204);
    expect((await call(app, "GET", url("/technology%2Frobotics"))).status).toBe(404);
    expect((await call(app, "PATCH", url("/nothing"), { name: "x" })).status).toBe(404);
  });

  it("carries a default unit that items of the category and its sub-categories take when they name none", async () => {
    // The shipped taxonomy gives food meals and funding USD.
    expect((await call(app, "GET", url("/food"))).body).toEqual({ id: "food", name: "Food", unit: "meals" });
    const r = await call(app, "POST", url(), { id: "stem/robotics", name: "Robotics", unit: "kits" });
    expect(r.body).toEqual({ id: "stem/robotics", name: "Robotics", parent: "stem", unit: "kits" });
    await call(app, "POST", url(), { id: "stem/robotics/lego", name: "Lego" });
    await call(app, "POST", `/api/maps/${mapId}/actors`, { id: "club", name: "Club", type: "nonprofit" });
    const need = (id: string, category: string) =>
      call(app, "POST", `/api/maps/${mapId}/needs`, {
        id,
        actorId: "club",
        category,
        title: id,
        quantity: 2,
        priority: "low",
      });
    // stem/robotics/lego has no unit of its own: its nearest ancestor with one is stem/robotics.
    expect((await need("lego", "stem/robotics/lego")).body.unit).toBe("kits");
    expect((await need("fund", "funding/grants")).body.unit).toBe("USD");
    const patched = await call(app, "PATCH", url("/stem%2Frobotics"), { unit: "devices" });
    expect(patched.body).toMatchObject({ name: "Robotics", unit: "devices" });
    // Items already written keep theirs; new ones take the new default.
    expect((await call(app, "GET", `/api/maps/${mapId}/needs/lego`)).body.unit).toBe("kits");
    expect((await need("lego2", "stem/robotics/lego")).body.unit).toBe("devices");
    const bad = await call(app, "POST", url(), { id: "stem/widgets", name: "Widgets", unit: "widgets" });
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].field).toBe("unit");
    expect(bad.body.issues[0].message).toMatch(
      /^must be one of devices, hours, sessions, meals, people, places, kits, items/,
    );
    expect((await call(app, "PATCH", url("/stem%2Frobotics"), { unit: "usd" })).status).toBe(400);
  });
});
