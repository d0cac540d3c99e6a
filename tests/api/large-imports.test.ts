// Imports too large for one transaction, against the real Neo4j: they are written in chunks to the same map one
// transaction would give, and a chunk that fails undoes the chunks before it. The chunk size is lowered so that a
// small synthetic ecosystem takes the path a 100k-actor one does.
import neo4j, { type Driver } from "neo4j-driver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../server/app";
import { generateEcosystem } from "../../server/analysis/synthetic";
import type { Bundle } from "../../server/schemas/domain";
import { ConflictError } from "../../server/domain/errors";
import { cypher } from "../../server/store/cypher";
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

/**
 * Deletes an actor behind the API's back (in Neo4j Browser, say), where no import lease stops it: the import's own
 * checks must still notice. Through the API, deleting another actor meanwhile is refused while the import runs.
 */
async function deleteOutsideApi(mapId: string, actorId: string, other: string) {
  await driver.executeQuery("MATCH (a:Actor {mapId: $mapId, id: $actorId}) DETACH DELETE a", { mapId, actorId });
  const api = await call(app, "DELETE", `/api/maps/${mapId}/actors/${other}`);
  expect(api.status, JSON.stringify(api.body)).toBe(409);
  expect(api.body.message).toContain("is in progress");
}

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
    // After the first chunk, an actor the import refers to is deleted: a later chunk cannot tie to it.
    let deleted = false;
    const failure = await app.store
      .importBundle(mapId, bundle, {
        ...CHUNKED,
        onProgress: async () => {
          if (deleted) return;
          deleted = true;
          await deleteOutsideApi(mapId, "doomed", "kept");
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
    // The import gave its lease back: the API deletes again.
    expect((await call(app, "DELETE", `/api/maps/${mapId}/actors/kept`)).status).toBe(204);
  });

  it("undo ties moved and needs replaced when a late chunk fails, leaving the map exactly as it was", async () => {
    const mapId = await newMap(app, "late");
    const base = ecosystem(80, 11);
    await app.store.importBundle(mapId, base);
    const before = await exported(mapId);

    const fresh = ecosystem(200, 12, "new-");
    // An actor only this import brings, with no ties or needs and its offerings last: they fail once it has been
    // deleted. Chunks of 20 items, two in flight at most, keep them well behind the moment of the deletion.
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
          await deleteOutsideApi(mapId, victim, base.actors[1]!.id);
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

  it("and a deletion racing them: the deletion lands first or waits for the end, no orphan, the map holds the import", async () => {
    const orphans = async (mapId: string) => {
      const { records } = await driver.executeQuery(
        `MATCH (i:Need|Offering {mapId: $mapId})
         WHERE NOT EXISTS { MATCH (:Actor {mapId: $mapId, id: i.actorId})-[:NEEDS|OFFERS]->(i) }
         RETURN count(i) AS orphans`,
        { mapId },
      );
      return records[0]!.get("orphans") as number;
    };
    const counts = async (mapId: string) => (await call(app, "GET", `/api/maps/${mapId}`)).body.counts;
    // The deletion is sent as the import starts, or after its first, third or last chunk.
    const outcomes = new Set<string>();
    for (const when of ["start", 1, 3, "end"] as const) {
      const mapId = await newMap(app, "race");
      await app.store.importBundle(mapId, {
        ...ecosystem(0, 1),
        actors: [{ id: "hub", name: "Hub Library", type: "library", tags: [], attributes: {}, description: "" }],
      });
      const fresh = ecosystem(60, 21, "new-");
      // Ties and a need of the import hang on `hub`, which the map holds and the import does not bring.
      const bundle: Bundle = {
        ...fresh,
        relationships: [
          ...fresh.actors
            .slice(0, 20)
            .map((a) => ({ from: a.id, to: "hub", type: "partners_with" as const, weight: 1 })),
          ...fresh.relationships,
        ],
        needs: [...fresh.needs, { ...fresh.needs[0]!, id: "hub.need", actorId: "hub" }],
      };
      const deleteHub = () => call(app, "DELETE", `/api/maps/${mapId}/actors/hub`);
      let chunks = 0;
      let deletion: ReturnType<typeof deleteHub> | undefined;
      const imported = app.store.importBundle(mapId, bundle, {
        ...CHUNKED,
        onProgress: async () => {
          chunks += 1;
          if (chunks === when) deletion = deleteHub();
          await deletion;
        },
      });
      if (when === "start") deletion = deleteHub();
      const result = await imported.catch((err: unknown) => err);
      if (when === "end") deletion = deleteHub();
      const deleted = await deletion!;

      expect(await orphans(mapId)).toBe(0);
      const file = {
        actors: bundle.actors.length,
        relationships: bundle.relationships.length,
        needs: bundle.needs.length,
        offerings: bundle.offerings.length,
      };
      if (deleted.status === 204 && result instanceof Error) {
        // The deletion came first: the import named the actor it lost and wrote nothing.
        expect(result.message).toContain("unknown actor 'hub'");
        expect(await counts(mapId)).toEqual({ actors: 0, relationships: 0, needs: 0, offerings: 0 });
        outcomes.add("deleted first");
      } else if (deleted.status === 409) {
        // Refused while the import ran: the map holds all the import reported, and the actor.
        expect(deleted.body.message).toContain("in progress");
        expect(result).toMatchObject(file);
        expect(await counts(mapId)).toEqual({ ...file, actors: file.actors + 1 });
        expect((await deleteHub()).status).toBe(204);
        outcomes.add("refused meanwhile");
      } else {
        // After the import's end: the deletion took the actor with its ties and need, the rest stays.
        expect(deleted.status, JSON.stringify(deleted.body)).toBe(204);
        expect(result).toMatchObject(file);
        expect(await counts(mapId)).toEqual({ ...file, relationships: file.relationships - 20, needs: file.needs - 1 });
        outcomes.add("deleted after");
      }
      expect(await orphans(mapId)).toBe(0);
    }
    expect(outcomes.has("refused meanwhile")).toBe(true);
    expect(outcomes.has("deleted after")).toBe(true);
  });

  it("give their map's lease back for good: a renewal that arrives after the end leaves deletions open", async () => {
    const mapId = await newMap(app, "lease");
    const bundle = ecosystem(60, 31);
    await app.store.importBundle(mapId, bundle, CHUNKED);
    const lease = (ms: number | null, renew: boolean) =>
      driver.executeQuery(cypher("map-import-lease"), { mapId, ms, renew });
    const remove = (id: string) => call(app, "DELETE", `/api/maps/${mapId}/actors/${id}`);
    await lease(60_000, true); // the import's last renewal, late
    expect((await remove(bundle.actors[0]!.id)).status).toBe(204);
    await lease(60_000, false); // an import taking the lease
    expect((await remove(bundle.actors[1]!.id)).status).toBe(409);
    await lease(60_000, true); // renewed while held: still held
    expect((await remove(bundle.actors[1]!.id)).status).toBe(409);
    await lease(null, false); // given back
    expect((await remove(bundle.actors[1]!.id)).status).toBe(204);
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
