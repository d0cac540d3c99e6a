import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../server/app";
import { loadTaxonomy } from "../../server/seed";
import { buildTestApp, call, newMap, uniqueId } from "../helpers/app";

let app: App;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

describe("maps", () => {
  it("creates a map with the default taxonomy and counts", async () => {
    const id = uniqueId("m");
    const created = await call(app, "POST", "/api/maps", { id, name: "  Riverbend test  ", description: "a test" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id, name: "Riverbend test", description: "a test", version: 1 });
    expect(created.body.counts).toEqual({ actors: 0, needs: 0, offerings: 0, relationships: 0 });
    const categories = await call(app, "GET", `/api/maps/${id}/categories`);
    expect(categories.body.map((c: { id: string }) => c.id).sort()).toEqual(
      loadTaxonomy()
        .map((c) => c.id)
        .sort(),
    );
  });

  it("generates a URL-safe id when none is given", async () => {
    const created = await call(app, "POST", "/api/maps", { name: "No id" });
    expect(created.status).toBe(201);
    expect(created.body.id).toMatch(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/);
    expect((await call(app, "GET", `/api/maps/${created.body.id}`)).body.name).toBe("No id");
  });

  it("refuses a duplicate id with 409", async () => {
    const id = await newMap(app);
    const again = await call(app, "POST", "/api/maps", { id, name: "Again" });
    expect(again.status).toBe(409);
    expect(again.body.message).toContain(id);
  });

  it("lists maps with pagination", async () => {
    const ids = [await newMap(app, "page"), await newMap(app, "page")];
    /** Every map, a thousand at a time: the server may hold more than one page. */
    const everything = async () => {
      const items: { id: string }[] = [];
      let total = 0;
      for (let offset = 0; offset === 0 || offset < total; offset += 1000) {
        const page = await call(app, "GET", `/api/maps?limit=1000&offset=${offset}`);
        expect(page.status).toBe(200);
        items.push(...page.body.items);
        total = page.body.total;
      }
      return { items, total };
    };
    // Other suites create maps on the same server meanwhile: read again until no map landed in between.
    let all = await everything();
    let one = await call(app, "GET", "/api/maps?limit=1&offset=1");
    for (let tries = 0; tries < 5 && (one.body.total !== all.total || all.items.length !== all.total); tries++) {
      all = await everything();
      one = await call(app, "GET", "/api/maps?limit=1&offset=1");
    }
    for (const id of ids) expect(all.items.some((m) => m.id === id)).toBe(true);
    expect(one.body.items).toHaveLength(1);
    expect(one.body.total).toBe(all.total);
    expect(one.body.items[0].id).toBe(all.items[1]!.id);
  });

  it("renames a map and bumps its version", async () => {
    const id = await newMap(app);
    const patched = await call(app, "PATCH", `/api/maps/${id}`, { name: "Renamed" });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: "Renamed", version: 2 });
    expect((await call(app, "PATCH", `/api/maps/${id}`, { colour: "red" })).status).toBe(400);
  });

  it("deletes a map with everything in it", async () => {
    const id = await newMap(app);
    await call(app, "POST", `/api/maps/${id}/actors`, { id: "a", name: "A", type: "school" });
    await call(app, "POST", `/api/maps/${id}/needs`, {
      id: "n",
      actorId: "a",
      category: "food",
      title: "Meals",
      quantity: 10,
      priority: "high",
    });
    expect((await call(app, "DELETE", `/api/maps/${id}`)).status).toBe(204);
    expect((await call(app, "GET", `/api/maps/${id}`)).status).toBe(404);
    expect((await call(app, "GET", `/api/maps/${id}/needs`)).status).toBe(404);
    // The id is free again and the new map starts empty.
    const again = await call(app, "POST", "/api/maps", { id, name: "Again" });
    expect(again.body.counts).toEqual({ actors: 0, needs: 0, offerings: 0, relationships: 0 });
  });

  it("duplicates a map with its taxonomy, items and commitments into a new map, and refuses a taken id", async () => {
    const id = await newMap(app, "dup");
    const put = async (kind: string, body: object) => {
      const r = await call(app, "POST", `/api/maps/${id}/${kind}`, body);
      expect(r.status, `${kind} ${JSON.stringify(r.body)}`).toBe(201);
    };
    await call(app, "PATCH", `/api/maps/${id}`, { description: "the original" });
    await put("categories", { id: "food/soup", name: "Soup" });
    await put("actors", { id: "s", name: "School", type: "school" });
    await put("actors", { id: "p", name: "Pantry", type: "nonprofit" });
    await put("relationships", { id: "r", from: "p", to: "s", type: "supplies" });
    await put("needs", { id: "n", actorId: "s", category: "food/soup", title: "Soup", quantity: 40, priority: "high" });
    await put("offerings", {
      id: "o",
      actorId: "p",
      category: "food/soup",
      title: "Soup",
      capacity: 100,
      modality: "both",
    });
    await put("commitments", { offeringId: "o", needId: "n", amount: 30 });

    const copyId = uniqueId("copy");
    const copy = await call(app, "POST", `/api/maps/${id}/duplicate`, { id: copyId, name: "  The copy " });
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({ id: copyId, name: "The copy", description: "the original" });
    // 2 actors, 1 need, 1 offering, 1 tie: the original's counts.
    expect(copy.body.counts).toEqual({ actors: 2, needs: 1, offerings: 1, relationships: 1 });
    const [before, after] = await Promise.all([id, copyId].map((m) => call(app, "GET", `/api/maps/${m}/graph`)));
    // The default taxonomy plus the map's own "food/soup".
    expect(after.body.categories.length).toBe(loadTaxonomy().length + 1);
    expect(after.body.categories.map((c: { id: string }) => c.id).sort()).toEqual(
      before.body.categories.map((c: { id: string }) => c.id).sort(),
    );
    expect(after.body.commitments).toHaveLength(1);
    expect(after.body.commitments[0]).toMatchObject({ offeringId: "o", needId: "n", amount: 30, status: "proposed" });
    // 100 capacity, 30 committed by the copied commitment.
    expect(after.body.offerings[0]).toMatchObject({ id: "o", capacity: 100, committed: 30 });

    // The copy is its own map: changing it leaves the original alone.
    await call(app, "DELETE", `/api/maps/${copyId}/actors/p`);
    expect((await call(app, "GET", `/api/maps/${id}`)).body.counts.actors).toBe(2);

    const taken = await call(app, "POST", `/api/maps/${id}/duplicate`, { id: copyId, name: "Again" });
    expect(taken.status).toBe(409);
    expect(taken.body.message).toBe(`Map '${copyId}' already exists`);
    // Still the copy as it was after the deletion: the refused duplicate wrote nothing into it.
    expect((await call(app, "GET", `/api/maps/${copyId}`)).body).toMatchObject({
      name: "The copy",
      counts: { actors: 1 },
    });

    const unnamed = await call(app, "POST", `/api/maps/${id}/duplicate`, { id: uniqueId("copy") });
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.issues[0].field).toBe("name");
    expect((await call(app, "POST", `/api/maps/nope-404/duplicate`, { name: "x" })).status).toBe(404);
  });

  it("answers 404 for unknown maps and 400 for malformed ids", async () => {
    for (const [method, url] of [
      ["GET", "/api/maps/nope-404"],
      ["PATCH", "/api/maps/nope-404"],
      ["DELETE", "/api/maps/nope-404"],
      ["GET", "/api/maps/nope-404/graph"],
      ["GET", "/api/maps/nope-404/export"],
      ["GET", "/api/maps/nope-404/actors"],
    ] as const) {
      const r = await call(app, method, url, method === "PATCH" ? { name: "x" } : undefined);
      expect(r.status, `${method} ${url}`).toBe(404);
      expect(r.body.message).toBe("Map 'nope-404' not found");
    }
    const bad = await call(app, "GET", "/api/maps/bad%20id");
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].field).toBe("params.mapId");
  });

  it("serves the whole map as one graph response", async () => {
    const id = await newMap(app);
    await call(app, "POST", `/api/maps/${id}/actors`, { id: "s", name: "School", type: "school" });
    await call(app, "POST", `/api/maps/${id}/actors`, { id: "f", name: "Funder", type: "funder" });
    await call(app, "POST", `/api/maps/${id}/relationships`, {
      id: "r",
      from: "f",
      to: "s",
      type: "funds",
      amount: 5000,
    });
    await call(app, "POST", `/api/maps/${id}/offerings`, {
      id: "o",
      actorId: "f",
      category: "funding/grants",
      title: "Small grants",
      capacity: 3,
      modality: "remote",
    });
    const graph = await call(app, "GET", `/api/maps/${id}/graph`);
    expect(graph.status).toBe(200);
    expect(graph.body.map.counts).toEqual({ actors: 2, needs: 0, offerings: 1, relationships: 1 });
    expect(graph.body.actors.map((a: { id: string }) => a.id)).toEqual(["f", "s"]);
    expect(graph.body.relationships[0]).toMatchObject({
      id: "r",
      from: "f",
      to: "s",
      type: "funds",
      amount: 5000,
      weight: 1,
      directed: true,
    });
    expect(graph.body.offerings[0]).toMatchObject({ id: "o", actorId: "f", capacity: 3, status: "available" });
    expect(graph.body.categories.length).toBe(loadTaxonomy().length);
  });
});

describe("health", () => {
  it("reports the API and Neo4j as up", async () => {
    const r = await call(app, "GET", "/api/health");
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: "ok", api: "up", neo4j: { status: "up" } });
  });
});
