import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../server/app";
import { buildTestApp, call, newMap } from "../helpers/app";

let app: App;
let mapId: string;
beforeAll(async () => {
  app = await buildTestApp();
  mapId = await newMap(app, "rels");
  for (const [id, type] of [
    ["fund", "funder"],
    ["school", "school"],
    ["lib", "library"],
  ]) {
    await call(app, "POST", `/api/maps/${mapId}/actors`, { id, name: id, type });
  }
});
afterAll(() => app.close());

const url = (path = "") => `/api/maps/${mapId}/relationships${path}`;

describe("relationships", () => {
  it("creates typed relationships, directed or not by type", async () => {
    const funds = await call(app, "POST", url(), {
      id: "f1",
      from: "fund",
      to: "school",
      type: "funds",
      amount: 25000,
      since: "2025-09-01",
    });
    expect(funds.status).toBe(201);
    expect(funds.body).toMatchObject({
      id: "f1",
      from: "fund",
      to: "school",
      type: "funds",
      weight: 1,
      amount: 25000,
      since: "2025-09-01",
      directed: true,
    });
    const partners = await call(app, "POST", url(), {
      id: "p1",
      from: "lib",
      to: "school",
      type: "partners_with",
      weight: 3,
    });
    expect(partners.body).toMatchObject({ type: "partners_with", weight: 3, directed: false });
  });

  it("lists and filters by type and actor", async () => {
    const all = await call(app, "GET", url());
    expect(all.body.items.map((r: { id: string }) => r.id)).toEqual(["f1", "p1"]);
    expect((await call(app, "GET", url("?type=funds"))).body.items.map((r: { id: string }) => r.id)).toEqual(["f1"]);
    expect((await call(app, "GET", url("?actorId=lib"))).body.items.map((r: { id: string }) => r.id)).toEqual(["p1"]);
    expect((await call(app, "GET", url("?type=hates"))).status).toBe(400);
  });

  it("refuses unknown actors, self-ties, bad weights, unknown types and duplicate ids", async () => {
    const missing = await call(app, "POST", url(), { from: "ghost", to: "school", type: "mentors" });
    expect(missing.status).toBe(400);
    expect(missing.body.issues).toEqual([{ field: "from", message: "unknown actor 'ghost'" }]);
    expect((await call(app, "POST", url(), { from: "lib", to: "lib", type: "mentors" })).body.issues[0].field).toBe(
      "to",
    );
    const weight = await call(app, "POST", url(), { from: "lib", to: "school", type: "mentors", weight: 0 });
    expect(weight.status).toBe(400);
    expect(weight.body.issues[0].field).toBe("weight");
    expect((await call(app, "POST", url(), { from: "lib", to: "school", type: "DELETE_ALL" })).status).toBe(400);
    // An id is unique across every relationship type of the map.
    expect((await call(app, "POST", url(), { id: "f1", from: "lib", to: "school", type: "mentors" })).status).toBe(409);
    expect((await call(app, "GET", url())).body.total).toBe(2);
  });

  it("patches weight and amount, and deletes", async () => {
    const r = await call(app, "PATCH", url("/f1"), { amount: 30000, weight: 2.5, since: null });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ amount: 30000, weight: 2.5 });
    expect(r.body.since).toBeUndefined();
    expect((await call(app, "PATCH", url("/f1"), { from: "lib" })).status).toBe(400);
    expect((await call(app, "PATCH", url("/ghost"), { weight: 2 })).status).toBe(404);
    expect((await call(app, "DELETE", url("/p1"))).status).toBe(204);
    expect((await call(app, "GET", url("/p1"))).status).toBe(404);
    expect((await call(app, "DELETE", url("/p1"))).status).toBe(404);
  });
});
