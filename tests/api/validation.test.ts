// Bad input of every kind gets a 400 naming the field, never a 500, and nothing is written.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../server/app";
import { adminHeaders, buildTestApp, call, newMap } from "../helpers/app";

let app: App;
let mapId: string;
beforeAll(async () => {
  app = await buildTestApp();
  mapId = await newMap(app, "valid");
  await call(app, "POST", `/api/maps/${mapId}/actors`, { id: "s", name: "School", type: "school" });
});
afterAll(() => app.close());

const long = "x".repeat(5001);
const cases: [string, string, unknown, string][] = [
  // [route, label, body, field that must be named]
  ["/actors", "wrong type", { name: 42, type: "school" }, "name"],
  ["/actors", "missing field", { type: "school" }, "name"],
  ["/actors", "unknown enum", { name: "A", type: "spaceship" }, "type"],
  ["/actors", "oversized string", { name: "A", type: "school", description: long }, "description"],
  ["/actors", "bad coordinates", { name: "A", type: "school", location: { lat: 91, lon: 0 } }, "location.lat"],
  ["/actors", "unknown field", { name: "A", type: "school", colour: "red" }, "colour"],
  ["/actors", "bad id", { id: "has space", name: "A", type: "school" }, "id"],
  ["/actors", "nested attributes", { name: "A", type: "school", attributes: { deep: { x: 1 } } }, "attributes.deep"],
  [
    "/needs",
    "negative quantity",
    { actorId: "s", category: "food", title: "t", quantity: -3, priority: "high" },
    "quantity",
  ],
  [
    "/needs",
    "unknown priority",
    { actorId: "s", category: "food", title: "t", quantity: 3, priority: "urgent" },
    "priority",
  ],
  [
    "/needs",
    "bad date",
    { actorId: "s", category: "food", title: "t", quantity: 3, priority: "high", dueDate: "tomorrow" },
    "dueDate",
  ],
  ["/offerings", "missing modality", { actorId: "s", category: "food", title: "t", capacity: 3 }, "modality"],
  [
    "/offerings",
    "string capacity",
    { actorId: "s", category: "food", title: "t", capacity: "3", modality: "remote" },
    "capacity",
  ],
  ["/relationships", "unknown type", { from: "s", to: "s", type: "loves" }, "type"],
  ["/relationships", "zero weight", { from: "s", to: "s", type: "mentors", weight: 0 }, "weight"],
  ["/categories", "upper-case path", { id: "Food/Fresh", name: "Fresh" }, "id"],
];

describe("validation", () => {
  it.each(cases)(
    "POST %s with %s gives 400 naming the field and writes nothing",
    async (route, _label, body, field) => {
      const before = (await call(app, "GET", `/api/maps/${mapId}`)).body;
      const r = await call(app, "POST", `/api/maps/${mapId}${route}`, body);
      expect(r.status).toBe(400);
      expect(r.body.error).toBe("Bad Request");
      expect(r.body.issues.map((i: { field: string }) => i.field)).toContain(field);
      const after = (await call(app, "GET", `/api/maps/${mapId}`)).body;
      expect(after.counts).toEqual(before.counts);
      expect(after.version).toBe(before.version);
    },
  );

  it("refuses a body that is not JSON with 400", async () => {
    const r = await call(app, "POST", `/api/maps/${mapId}/actors`, "{not json");
    expect(r.status).toBe(400);
    expect(r.body.message).toContain("not valid JSON");
  });

  it("refuses a non-object body and an empty body with 400", async () => {
    expect((await call(app, "POST", `/api/maps/${mapId}/actors`, "[1,2]")).status).toBe(400);
    const empty = await app.inject({ method: "POST", url: `/api/maps/${mapId}/actors`, headers: adminHeaders(app) });
    expect(empty.statusCode).toBe(400);
  });

  it("refuses bad query parameters with 400 naming them", async () => {
    const r = await call(app, "GET", `/api/maps/${mapId}/actors?limit=abc`);
    expect(r.status).toBe(400);
    expect(r.body.issues[0].field).toBe("query.limit");
    expect((await call(app, "GET", `/api/maps/${mapId}/needs?limit=5000`)).body.issues[0].field).toBe("query.limit");
  });

  it("answers unknown routes with a JSON 404", async () => {
    const r = await call(app, "GET", "/api/nothing-here");
    expect(r.status).toBe(404);
    expect(r.body.message).toContain("/api/nothing-here");
  });
});
