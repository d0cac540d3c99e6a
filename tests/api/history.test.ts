// The audit trail: each write leaves exactly one entry, in its own transaction, with the entity before and after.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../server/app";
import { Bundle } from "../../server/schemas/domain";
import { buildTestApp, call, callWith, memberSession, newMap, testAdmin } from "../helpers/app";

let app: App;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Entry = any;

async function history(mapId: string, query = ""): Promise<{ items: Entry[]; total: number }> {
  const r = await call(app, "GET", `/api/maps/${mapId}/history${query ? `?${query}` : ""}`);
  expect(r.status).toBe(200);
  return r.body;
}

/** The entries of one entity, oldest first. */
async function entriesOf(mapId: string, entityId: string): Promise<Entry[]> {
  return (await history(mapId, `entityId=${encodeURIComponent(entityId)}`)).items.reverse();
}

/** Runs a write and returns the entries it added to the map's history (newest first). */
async function added(mapId: string, write: () => Promise<unknown>): Promise<Entry[]> {
  const before = (await history(mapId, "limit=1")).total;
  await write();
  const after = await history(mapId, "limit=500");
  return after.items.slice(0, after.total - before);
}

const ok = async (method: string, url: string, body: unknown, status: number) => {
  const r = await call(app, method, url, body);
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return r.body;
};

/** Two actors, a need of one and an offering of the other, by import. */
async function setup() {
  const mapId = await newMap(app, "history");
  await ok(
    "POST",
    `/api/maps/${mapId}/import`,
    {
      actors: [
        { id: "firm", name: "ByteWorks", type: "business" },
        { id: "school", name: "Hill School", type: "school" },
      ],
      offerings: [
        {
          id: "laptops",
          actorId: "firm",
          category: "technology/devices",
          title: "Laptops",
          capacity: 10,
          modality: "remote",
        },
      ],
      needs: [
        {
          id: "need",
          actorId: "school",
          category: "technology/devices",
          title: "Laptops",
          quantity: 4,
          priority: "high",
        },
      ],
    },
    200,
  );
  return mapId;
}

describe("history of a map", () => {
  it("records a map's creation and update, with the map's fields before and after", async () => {
    const mapId = await newMap(app, "history");
    const [created] = await entriesOf(mapId, mapId);
    expect(created).toMatchObject({ action: "create", entityType: "map", entityId: mapId, before: null });
    expect(created.after).toMatchObject({ id: mapId, name: `Test ${mapId}` });
    expect(created.after.counts).toBeUndefined();

    const entries = await added(mapId, () => ok("PATCH", `/api/maps/${mapId}`, { name: "Renamed" }, 200));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: "update", entityType: "map", entityId: mapId });
    expect(entries[0].before.name).toBe(`Test ${mapId}`);
    expect(entries[0].after.name).toBe("Renamed");
    expect(entries[0].summary).toBe("Updated map 'Renamed': name");
  });

  it("records an actor's create, patch and delete, the delete with what it took", async () => {
    const mapId = await setup();
    const url = `/api/maps/${mapId}/actors`;
    let entries = await added(mapId, () =>
      ok("POST", url, { id: "a1", name: "Allotment", type: "community_group" }, 201),
    );
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: "create", entityType: "actor", entityId: "a1", before: null });
    expect(entries[0].after).toMatchObject({ id: "a1", name: "Allotment", type: "community_group" });

    const patched = await ok("PATCH", `${url}/a1`, { name: "Allotment Society", tags: ["food"] }, 200);
    entries = await entriesOf(mapId, "a1");
    expect(entries).toHaveLength(2);
    expect(entries[1]).toMatchObject({ action: "update", before: { name: "Allotment" } });
    // The entry holds the actor as the API returned it.
    expect(entries[1].after).toEqual(patched);
    expect(entries[1].summary).toBe("Updated actor 'Allotment Society': name, tags");

    await ok("POST", `/api/maps/${mapId}/relationships`, { id: "t1", from: "firm", to: "school", type: "funds" }, 201);
    entries = await added(mapId, () => ok("DELETE", `${url}/firm`, undefined, 204));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: "delete",
      entityType: "actor",
      entityId: "firm",
      after: null,
      before: { id: "firm", name: "ByteWorks" },
      counts: { needs: 0, offerings: 1, relationships: 1, commitments: 0 },
    });
  });

  it("records needs, offerings and ties, each with its before and after", async () => {
    const mapId = await setup();
    for (const [kind, field, value] of [
      ["needs", "quantity", 3],
      ["offerings", "capacity", 8],
    ] as const) {
      const base = `/api/maps/${mapId}/${kind}`;
      const actorId = kind === "needs" ? "school" : "firm";
      const extra = kind === "needs" ? { priority: "low" } : { modality: "both" };
      const body = { id: `x-${kind}`, actorId, category: "food", title: "Produce", [field]: 5, ...extra };
      let entries = await added(mapId, () => ok("POST", base, body, 201));
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ action: "create", entityType: kind.slice(0, -1), entityId: `x-${kind}` });
      entries = await added(mapId, () => ok("PATCH", `${base}/x-${kind}`, { [field]: value }, 200));
      expect(entries).toHaveLength(1);
      expect(entries[0].before[field]).toBe(5);
      expect(entries[0].after[field]).toBe(value);
      entries = await added(mapId, () => ok("DELETE", `${base}/x-${kind}`, undefined, 204));
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ action: "delete", before: { id: `x-${kind}`, [field]: value }, after: null });
    }

    const ties = `/api/maps/${mapId}/relationships`;
    let entries = await added(mapId, () =>
      ok("POST", ties, { id: "t1", from: "firm", to: "school", type: "funds", amount: 500 }, 201),
    );
    expect(entries).toHaveLength(1);
    expect(entries[0].after).toMatchObject({ id: "t1", from: "firm", to: "school", type: "funds", amount: 500 });
    entries = await added(mapId, () => ok("PATCH", `${ties}/t1`, { amount: 750 }, 200));
    expect(entries).toHaveLength(1);
    expect([entries[0].before.amount, entries[0].after.amount]).toEqual([500, 750]);
    entries = await added(mapId, () => ok("DELETE", `${ties}/t1`, undefined, 204));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: "delete", entityType: "relationship", before: { amount: 750 } });
  });

  it("records a commitment's creation and each transition of its status", async () => {
    const mapId = await setup();
    const url = `/api/maps/${mapId}/commitments`;
    let entries = await added(mapId, () =>
      ok("POST", url, { id: "c1", offeringId: "laptops", needId: "need", amount: 3, by: "dana" }, 201),
    );
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: "create", entityType: "commitment", after: { status: "proposed" } });
    entries = await added(mapId, () => ok("PATCH", `${url}/c1`, { status: "accepted", by: "dana" }, 200));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: "transition",
      entityId: "c1",
      before: { status: "proposed" },
      after: { status: "accepted" },
      summary: "Moved commitment 'c1' from proposed to accepted",
    });
    // Entries of the commitment show in both actors' history.
    for (const actorId of ["firm", "school"]) {
      const ids = (await history(mapId, `actorId=${actorId}&entityType=commitment`)).items.map((e) => e.action);
      expect(ids).toEqual(["transition", "create"]);
    }
  });

  it("records a category's create, update and delete", async () => {
    const mapId = await newMap(app, "history");
    const url = `/api/maps/${mapId}/categories`;
    let entries = await added(mapId, () => ok("POST", url, { id: "food/jams", name: "Jams" }, 201));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: "create", entityType: "category", entityId: "food/jams" });
    entries = await added(mapId, () => ok("PATCH", `${url}/food%2Fjams`, { name: "Jams and jellies" }, 200));
    expect(entries).toHaveLength(1);
    expect([entries[0].before.name, entries[0].after.name]).toEqual(["Jams", "Jams and jellies"]);
    entries = await added(mapId, () => ok("DELETE", `${url}/food%2Fjams`, undefined, 204));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: "delete", before: { id: "food/jams" }, after: null });
    expect((await entriesOf(mapId, "food/jams")).map((e) => e.action)).toEqual(["create", "update", "delete"]);
  });

  it("records an import as one entry with the counts the import reported", async () => {
    const mapId = await setup();
    const bundle = {
      actors: [
        { id: "firm", name: "ByteWorks Ltd", type: "business" },
        { id: "new", name: "New", type: "nonprofit" },
      ],
      relationships: [{ id: "t9", from: "firm", to: "new", type: "partners_with" }],
      needs: [{ id: "n9", actorId: "new", category: "food", title: "Soup", quantity: 2, priority: "medium" }],
    };
    let report: unknown;
    const entries = await added(mapId, async () => {
      // A JSON bundle is answered with its counts.
      report = await ok("POST", `/api/maps/${mapId}/import`, bundle, 200);
    });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: "import", entityType: "map", entityId: mapId, before: null });
    expect(entries[0].counts).toEqual(report);
    expect(report).toMatchObject({ actors: 2, relationships: 1, needs: 1, offerings: 0 });
    expect(entries[0].summary).toBe("Imported 2 actors, 1 relationship, 1 need");
  });

  it("records a chunked import once, in its last transaction, and an undone one as an undo", async () => {
    const mapId = await setup();
    const actors = Array.from({ length: 7 }, (_, i) => ({ id: `c${i}`, name: `C${i}`, type: "school" as const }));
    let entries = await added(mapId, () =>
      app.store.importBundle(mapId, Bundle.parse({ actors }), { transactionItems: 2 }),
    );
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: "import", counts: { actors: 7 } });

    // Chunked, and over the offering's capacity: the chunks are undone, and no import entry is left.
    const overCommitted = {
      actors: [{ id: "d0", name: "D0", type: "school" }],
      needs: [
        { id: "n0", actorId: "d0", category: "technology/devices", title: "Laptops", quantity: 50, priority: "high" },
      ],
      commitments: [
        {
          id: "cx",
          offeringId: "laptops",
          needId: "n0",
          amount: 40,
          status: "accepted",
          history: [{ status: "accepted", by: "dana", at: "2024-05-01T10:00:00.000Z" }],
        },
      ],
    };
    entries = await added(mapId, () =>
      expect(app.store.importBundle(mapId, Bundle.parse(overCommitted), { transactionItems: 1 })).rejects.toThrow(
        /capacity/,
      ),
    );
    expect(entries.map((e) => e.action)).toEqual(["undo"]);
    expect((await call(app, "GET", `/api/maps/${mapId}/actors/d0`)).status).toBe(404);
  });

  it("leaves no entry for a refused write, even one refused inside its transaction", async () => {
    const mapId = await setup();
    const base = `/api/maps/${mapId}`;
    const entries = await added(mapId, async () => {
      await ok("POST", `${base}/actors`, { id: "firm", name: "Again", type: "business" }, 409);
      await ok("POST", `${base}/actors`, { name: "Bad", type: "nonsense" }, 400);
      await ok("PATCH", `${base}/offerings/laptops`, { capacity: 1 }, 200);
      await ok("POST", `${base}/commitments`, { offeringId: "laptops", needId: "need", amount: 1 }, 201);
      // Refused inside the write's transaction, after the tie was patched: neither the patch nor an entry stays.
      await ok("POST", `${base}/relationships`, { id: "t1", from: "firm", to: "school", type: "funds" }, 201);
      await ok("PATCH", `${base}/relationships/t1`, { currency: "EUR" }, 400);
      // Refused under the lock: the need holds 1, so its quantity cannot drop below it.
      await ok("PATCH", `${base}/offerings/laptops`, { capacity: 0.5 }, 409);
      await ok("DELETE", `${base}/needs/need`, undefined, 409);
    });
    expect(entries.map((e) => `${e.action} ${e.entityType}`)).toEqual([
      "create relationship",
      "create commitment",
      "update offering",
    ]);
    expect((await call(app, "GET", `${base}/relationships/t1`)).body.currency).toBeUndefined();
  });

  it("keeps both of two concurrent patches, each before what the other left", async () => {
    const mapId = await setup();
    const url = `/api/maps/${mapId}/actors/school`;
    await Promise.all([ok("PATCH", url, { description: "first" }, 200), ok("PATCH", url, { tags: ["second"] }, 200)]);
    const updates = (await entriesOf(mapId, "school")).filter((e) => e.action === "update");
    expect(updates).toHaveLength(2);
    // The actor is locked before it is read, so the second entry starts where the first ended.
    expect(updates[1].before).toEqual(updates[0].after);
    const final = (await call(app, "GET", url)).body;
    expect(updates[1].after).toEqual(final);
    expect(final).toMatchObject({ description: "first", tags: ["second"] });
  });

  it("filters and pages, newest first, and answers 404 for an unknown map", async () => {
    const mapId = await setup();
    for (const name of ["one", "two", "three"]) {
      await ok("PATCH", `/api/maps/${mapId}/actors/firm`, { name }, 200);
    }
    const firm = await history(mapId, "entityId=firm");
    expect(firm.total).toBe(3);
    expect(firm.items.map((e) => e.after.name)).toEqual(["three", "two", "one"]);
    const page = await history(mapId, "entityId=firm&limit=1&offset=1");
    expect(page).toMatchObject({ total: 3, limit: 1, offset: 1 });
    expect(page.items.map((e) => e.after.name)).toEqual(["two"]);

    const all = await history(mapId);
    // The map's creation, the import and the three patches.
    expect(all.items.map((e) => e.action)).toEqual(["update", "update", "update", "import", "create"]);
    expect((await history(mapId, "action=import")).total).toBe(1);
    expect((await history(mapId, "entityType=map")).total).toBe(2);
    const times = all.items.map((e) => e.at);
    expect((await history(mapId, `since=${encodeURIComponent(times[1])}`)).total).toBe(2);
    expect((await history(mapId, `until=${encodeURIComponent(times[3])}`)).total).toBe(2);
    expect((await history(mapId, "userId=nobody")).total).toBe(0);
    // Each entry names the caller: the signed-in account, or no one (null) when the request carries none.
    const session = await call(app, "GET", "/api/auth/session");
    const caller = session.status === 200 ? session.body.user : null;
    const expected = caller ? { id: caller.id, name: caller.name ?? caller.username } : null;
    expect(all.items.map((e) => e.user)).toEqual(all.items.map(() => expected));

    expect((await call(app, "GET", `/api/maps/no-such-map/history`)).status).toBe(404);
    expect((await call(app, "GET", `/api/maps/${mapId}/history?action=rename`)).status).toBe(400);
  });

  it("names who made each change, and shows the trail to the map's editors, not its viewers", async () => {
    const mapId = await setup();
    const editor = await memberSession(app, mapId, "editor");
    const viewer = await memberSession(app, mapId, "viewer");
    const url = `/api/maps/${mapId}/actors/firm`;
    expect((await callWith(app, editor.headers, "PATCH", url, { name: "By the editor" })).status).toBe(200);

    // Adding the two members left entries of their own; this reads the data changes.
    const [patch, imported] = (await history(mapId, "limit=500")).items.filter(
      (e) => e.entityType !== "member" && (e.entityType !== "map" || e.action === "import"),
    );
    expect(patch).toMatchObject({
      action: "update",
      via: "session",
      user: { id: editor.userId, name: editor.username },
    });
    const admin = testAdmin(app).username;
    expect(imported).toMatchObject({ action: "import", via: "token", user: { name: admin } });
    expect((await history(mapId, `userId=${editor.userId}`)).items.map((e) => e.entityId)).toEqual(["firm"]);

    const trail = `/api/maps/${mapId}/history`;
    expect((await callWith(app, editor.headers, "GET", trail)).status).toBe(200);
    expect((await callWith(app, viewer.headers, "GET", trail)).status).toBe(403);
    // A private map is not there for those it is not shared with.
    expect((await callWith(app, {}, "GET", trail)).status).toBe(404);
  });

  it("starts a copy's history with one entry naming what was copied, and none of the original's", async () => {
    const mapId = await setup();
    const copyId = `${mapId}-copy`;
    await ok("POST", `/api/maps/${mapId}/duplicate`, { id: copyId, name: "Copy" }, 201);
    const { items } = await history(copyId);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ action: "create", entityType: "map", entityId: copyId, after: { name: "Copy" } });
    expect(items[0].counts).toMatchObject({ actors: 2, needs: 1, offerings: 1, relationships: 0 });
    expect((await history(mapId)).total).toBe(2);
  });

  it("takes a deleted map's history with it", async () => {
    const mapId = await setup();
    await ok("DELETE", `/api/maps/${mapId}`, undefined, 204);
    await ok("POST", "/api/maps", { id: mapId, name: "Again" }, 201);
    expect((await history(mapId)).items.map((e) => e.action)).toEqual(["create"]);
  });
});
