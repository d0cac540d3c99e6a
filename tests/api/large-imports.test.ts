// Imports too large for one transaction, against the real Neo4j: they are written in chunks to the same map one
// transaction would give, and a chunk that fails undoes the chunks before it. The chunk size is lowered so that a
// small synthetic ecosystem takes the path a 100k-actor one does.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../server/app";
import { generateEcosystem } from "../../server/analysis/synthetic";
import type { Bundle } from "../../server/schemas/domain";
import { ConflictError } from "../../server/domain/errors";
import { buildTestApp, call, newMap } from "../helpers/app";

let app: App;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

const CHUNKED = { transactionItems: 150 };

/** A synthetic ecosystem; `prefix` sets its ids apart from another one's (they all number actors alike). */
function ecosystem(actors: number, seed: number, prefix = ""): Bundle {
  const b = generateEcosystem({ actors, seed });
  const id = (s: string) => `${prefix}${s}`;
  return {
    categories: b.categories,
    actors: b.actors.map((a) => ({ ...a, id: id(a.id) })),
    relationships: b.relationships.map((r) => ({
      ...r,
      ...(r.id ? { id: id(r.id) } : {}),
      from: id(r.from),
      to: id(r.to),
    })),
    needs: b.needs.map((n) => ({ ...n, id: id(n.id), actorId: id(n.actorId) })),
    offerings: b.offerings.map((o) => ({ ...o, id: id(o.id), actorId: id(o.actorId) })),
    commitments: [],
  };
}

async function exported(mapId: string): Promise<Bundle> {
  const r = await call(app, "GET", `/api/maps/${mapId}/export`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

describe("chunked imports", () => {
  it("write the same map as one transaction, in place when repeated, reporting progress to the end", async () => {
    const bundle = ecosystem(200, 7);
    const total = Object.values(bundle).reduce((n, list) => n + list.length, 0);
    expect(total).toBeGreaterThan(10 * CHUNKED.transactionItems);

    const whole = await newMap(app, "whole");
    await app.store.importBundle(whole, bundle);
    const chunked = await newMap(app, "chunked");
    const progress: number[] = [];
    await app.store.importBundle(chunked, bundle, { ...CHUNKED, onProgress: (done) => void progress.push(done) });

    expect(await exported(chunked)).toEqual(await exported(whole));
    expect(progress.length).toBeGreaterThan(10);
    expect(progress.at(-1)).toBe(total);

    // Again, with one tie moved to other ends and one actor renamed: updated in place, not duplicated.
    const [tie, ...ties] = bundle.relationships;
    const moved = {
      ...tie!,
      id: "moved-tie",
      from: bundle.actors[0]!.id,
      to: bundle.actors[1]!.id,
      type: "funds" as const,
    };
    const again = {
      ...bundle,
      actors: [{ ...bundle.actors[0]!, name: "Renamed" }, ...bundle.actors.slice(1)],
      relationships: [moved, ...ties],
    };
    await app.store.importBundle(whole, again);
    await app.store.importBundle(chunked, again, CHUNKED);
    const after = await exported(chunked);
    expect(after).toEqual(await exported(whole));
    expect(after.actors.find((a) => a.id === bundle.actors[0]!.id)!.name).toBe("Renamed");
    expect(after.relationships.filter((r) => r.id === "moved-tie")).toEqual([expect.objectContaining(moved)]);
  });

  it("undo what they wrote when a chunk fails: created items go, replaced ones come back as they were", async () => {
    const mapId = await newMap(app, "undo");
    // The map before: two actors, a tie between them, a need; the import replaces `kept` and refers to `doomed`.
    await app.store.importBundle(mapId, {
      ...ecosystem(0, 1),
      actors: [
        { id: "kept", name: "Kept School", type: "school", tags: ["before"], attributes: {}, description: "" },
        { id: "doomed", name: "Doomed Library", type: "library", tags: [], attributes: {}, description: "" },
      ],
      relationships: [{ id: "old-tie", from: "kept", to: "doomed", type: "partners_with", weight: 2 }],
      needs: [
        {
          id: "kept.need",
          actorId: "kept",
          title: "Laptops",
          category: "technology/devices",
          quantity: 10,
          unit: "devices",
          priority: "high",
          status: "open",
          description: "",
        },
      ],
    });
    const before = await exported(mapId);

    const fresh = ecosystem(150, 3, "new-");
    const bundle: Bundle = {
      ...fresh,
      actors: [{ ...before.actors.find((a) => a.id === "kept")!, name: "Renamed", tags: ["after"] }, ...fresh.actors],
      relationships: [
        { id: "old-tie", from: "kept", to: fresh.actors[0]!.id, type: "mentors", weight: 5 },
        { from: fresh.actors[1]!.id, to: "doomed", type: "refers_to", weight: 1 },
        ...fresh.relationships,
      ],
      needs: [{ ...before.needs[0]!, quantity: 99 }, ...fresh.needs],
    };
    // After the first chunk, another request deletes an actor the import refers to: a later chunk cannot tie to it.
    let deleted = false;
    const failure = await app.store
      .importBundle(mapId, bundle, {
        ...CHUNKED,
        onProgress: async () => {
          if (deleted) return;
          deleted = true;
          await app.store.deleteActor(mapId, "doomed");
        },
      })
      .catch((err: unknown) => err);

    expect(failure).toBeInstanceOf(ConflictError);
    expect((failure as Error).message).toContain("actor 'doomed' was deleted");
    const after = await exported(mapId);
    // Exactly the map before, less what the deletion took: the actor and its tie.
    expect(after).toEqual({
      ...before,
      actors: before.actors.filter((a) => a.id !== "doomed"),
      relationships: [],
    });
    expect((await call(app, "GET", `/api/maps/${mapId}`)).body.counts).toEqual({
      actors: 1,
      relationships: 0,
      needs: 1,
      offerings: 0,
    });
  });

  it("undo ties moved and needs replaced when a late chunk fails, leaving the map exactly as it was", async () => {
    const mapId = await newMap(app, "late");
    const base = ecosystem(80, 11);
    await app.store.importBundle(mapId, base);
    const before = await exported(mapId);

    const fresh = ecosystem(200, 12, "new-");
    // An actor only this import brings, with no ties or needs and its offerings last: they fail once another request
    // has deleted it. Chunks of 20 items, two in flight at most, keep them well behind the moment of the deletion.
    const victim = fresh.offerings.at(-1)!.actorId;
    const [tie, ...ties] = base.relationships;
    const bundle: Bundle = {
      ...fresh,
      actors: [{ ...base.actors[0]!, name: "Renamed" }, ...fresh.actors],
      relationships: [
        { ...tie!, type: tie!.type === "funds" ? "mentors" : "funds", weight: 9 },
        ...fresh.relationships.filter((r) => r.from !== victim && r.to !== victim),
      ],
      needs: [{ ...base.needs[0]!, quantity: 999 }, ...fresh.needs.filter((n) => n.actorId !== victim)],
      offerings: [
        ...fresh.offerings.filter((o) => o.actorId !== victim),
        ...fresh.offerings.filter((o) => o.actorId === victim),
      ],
    };
    const upToNeeds = bundle.categories.length + bundle.actors.length + bundle.relationships.length;
    const upToOfferings = upToNeeds + bundle.needs.length;
    expect(bundle.offerings.length).toBeGreaterThan(5 * 20);
    let deleted = false;
    let seen = 0;
    const failure = await app.store
      .importBundle(mapId, bundle, {
        transactionItems: 20,
        onProgress: async (done) => {
          seen = done;
          if (deleted || done < upToNeeds) return;
          deleted = true;
          await app.store.deleteActor(mapId, victim);
        },
      })
      .catch((err: unknown) => err);

    expect(failure).toBeInstanceOf(ConflictError);
    expect((failure as Error).message).toContain("import-offerings-create wrote");
    // The moved tie and the replaced need were written before the failing chunk, so there was something to restore.
    expect(seen).toBeGreaterThanOrEqual(upToOfferings);
    expect(ties.length).toBeGreaterThan(0);
    expect(await exported(mapId)).toEqual(before);
  });

  it("refuse a second chunked import into a map while the first runs", async () => {
    const mapId = await newMap(app, "busy");
    let second: unknown;
    await app.store.importBundle(mapId, ecosystem(60, 5), {
      ...CHUNKED,
      onProgress: async () => {
        second ??= await app.store.importBundle(mapId, ecosystem(60, 6), CHUNKED).catch((err: unknown) => err);
      },
    });
    expect(second).toBeInstanceOf(ConflictError);
    expect((second as Error).message).toBe(`An import into map '${mapId}' is still running`);
    expect((await call(app, "GET", `/api/maps/${mapId}`)).body.counts.actors).toBe(60);
  });
});
