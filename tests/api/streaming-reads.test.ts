// Streamed whole-map reads: GET /graph and the JSON and CSV exports are written record by record as Neo4j reads
// them, in the very bytes the in-memory answer had (full and redacted); concurrent identical /graph requests share
// one read; a shared read replays its chunks to a late joiner, stops taking joiners past its limit and drops what
// every reader took, and ends the database read when every reader is gone.
import { Readable } from "node:stream";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { App } from "../../server/app";
import { generateEcosystem } from "../../server/analysis/synthetic";
import { exportCsvFiles } from "../../server/formats/csv-export";
import { redact } from "../../server/privacy";
import { Bundle, GraphView } from "../../server/schemas/domain";
import { CSV_ENTITIES } from "../../server/schemas/imports";
import { SharedReads, type SharedSource } from "../../server/services/shared-reads";
import { adminHeaders, buildTestApp, call, newMap } from "../helpers/app";
import { upload } from "../helpers/uploads";

let app: App;
let mapId: string;
/** A smaller map that protects some of its actors, read through a share link: redacting costs per protected name. */
let privateMapId: string;
let link: Record<string, string>;
const ACTORS = 3000;

const get = (url: string, headers = adminHeaders(app)) => app.inject({ method: "GET", url, headers });
/** What the response serializer wrote for `value` (fastify-type-provider-zod: encode, then JSON.stringify). */
const serialized = (schema: z.ZodType, value: unknown) => JSON.stringify(z.encode(schema, value));

beforeAll(async () => {
  app = await buildTestApp();
  mapId = await newMap(app, "streaming");
  const bundle = generateEcosystem({ actors: ACTORS, seed: 7, relationshipsPerActor: 3 });
  // Free texts naming protected actors, and attributes, so redaction and the CSV attribute columns have work.
  const person = bundle.actors.find((a) => a.type === "individual")!;
  const open = bundle.actors.find((a) => a.type !== "individual" && a.type !== "family")!;
  open.description = `Works with ${person.name}.`;
  // In the columns' order, as a text a CSV reads back as text: the round trip then gives the same object.
  open.attributes = { contact: person.name, founded: "in 1999" };
  const imported = await call(app, "POST", `/api/maps/${mapId}/import`, bundle);
  expect(imported.status).toBe(200);
  privateMapId = await newMap(app, "streaming-private");
  const small = generateEcosystem({ actors: 300, seed: 3, relationshipsPerActor: 3 });
  const someone = small.actors.find((a) => a.type === "individual")!;
  const other = small.actors.find((a) => a.type !== "individual" && a.type !== "family")!;
  other.description = `Works with ${someone.name}.`;
  other.attributes = { ...other.attributes, contact: someone.name };
  expect((await call(app, "POST", `/api/maps/${privateMapId}/import`, small)).status).toBe(200);
  const shared = await call(app, "POST", `/api/maps/${privateMapId}/share-links`, { label: "streaming" });
  expect(shared.status).toBe(201);
  link = { "x-atlas-share": shared.body.token };
  expect((await call(app, "PATCH", `/api/maps/${privateMapId}`, { visibility: "link" })).status).toBe(200);
}, 300_000);

// A few thousand actors read, redacted and compared on a machine others share.
const SLOW = 180_000;

afterAll(async () => {
  await call(app, "DELETE", `/api/maps/${mapId}`);
  await call(app, "DELETE", `/api/maps/${privateMapId}`);
  await app.close();
});

describe("GET /graph", () => {
  it(
    "streams the bytes the in-memory answer had",
    async () => {
      const r = await get(`/api/maps/${mapId}/graph`);
      expect(r.statusCode).toBe(200);
      expect(r.headers["content-type"]).toBe("application/json; charset=utf-8");
      // Chunked: no length known up front, since the answer is never whole in memory.
      expect(r.headers["content-length"]).toBeUndefined();
      const streamed = JSON.parse(r.body) as GraphView;
      expect(GraphView.safeParse(streamed).success).toBe(true);
      const view = await app.store.graph(mapId);
      expect(streamed.actors).toHaveLength(ACTORS);
      expect(streamed.relationships.length).toBeGreaterThan(ACTORS);
      expect(streamed.map.access?.redacted).toBe(false);
      // The previous answer: the store's GraphView with the caller's access, through the serializer.
      const previous = serialized(GraphView, { ...view, map: { ...view.map, access: streamed.map.access } });
      expect(JSON.parse(r.body)).toEqual(JSON.parse(previous));
      expect(r.body).toBe(previous);
    },
    SLOW,
  );

  it(
    "redacts each record for a share-link visitor as the whole answer was redacted",
    async () => {
      const r = await get(`/api/maps/${privateMapId}/graph`, link);
      expect(r.statusCode).toBe(200);
      const streamed = JSON.parse(r.body) as GraphView;
      expect(streamed.map.access).toEqual({ reach: "link", redacted: true });
      const view = await app.store.graph(privateMapId);
      const plan = await app.redaction.plan(privateMapId);
      const previous = serialized(
        GraphView,
        redact({ ...view, map: { ...view.map, access: streamed.map.access } }, plan),
      );
      expect(r.body).toBe(previous);
      // None of the protected actors' names or ids, in any case.
      const hidden = view.actors.filter((a) => a.type === "individual" || a.type === "family" || a.sensitive);
      expect(hidden.length).toBeGreaterThan(10);
      const lower = r.body.toLowerCase();
      const leaked = hidden.filter((a) => lower.includes(`"${a.name.toLowerCase()}"`) || lower.includes(`"${a.id}"`));
      expect(leaked).toEqual([]);
      expect(r.body).not.toContain("privacyKey");
    },
    SLOW,
  );

  it("answers 404 for a missing map before sending anything", async () => {
    const r = await get(`/api/maps/no-such-map-streaming/graph`);
    expect(r.statusCode).toBe(404);
    expect(JSON.parse(r.body).statusCode).toBe(404);
  });

  it(
    "runs the reads once for ten concurrent requests of one map version",
    async () => {
      const store = app.store as unknown as {
        openGraph: (...args: unknown[]) => Promise<unknown>;
        mapVersion: (...args: unknown[]) => Promise<number>;
      };
      const openGraph = store.openGraph;
      const mapVersion = store.mapVersion;
      let reads = 0;
      let versions = 0;
      // The read starts only once every request has read the map's version (the step before it joins a read), so
      // the ten meet in flight however slowly the machine runs them.
      store.mapVersion = async (...args) => {
        const version = await mapVersion.apply(app.store, args);
        versions++;
        return version;
      };
      store.openGraph = async (...args) => {
        reads++;
        for (let waited = 0; versions < 10 && waited < 30_000; waited += 10)
          await new Promise((r) => setTimeout(r, 10));
        await new Promise((r) => setImmediate(r));
        return openGraph.apply(app.store, args);
      };
      try {
        const replies = await Promise.all(Array.from({ length: 10 }, () => get(`/api/maps/${mapId}/graph`)));
        expect(replies.map((r) => r.statusCode)).toEqual(Array(10).fill(200));
        expect(versions).toBe(10);
        expect(reads).toBe(1);
        const first = replies[0]!.body;
        expect(first.length).toBeGreaterThan(1_000_000);
        for (const r of replies) expect(r.body).toBe(first);
      } finally {
        store.openGraph = openGraph;
        store.mapVersion = mapVersion;
      }
      // Nothing is kept once the read ended: the next request reads again.
      let after = 0;
      store.openGraph = async (...args) => {
        after++;
        return openGraph.apply(app.store, args);
      };
      try {
        expect((await get(`/api/maps/${mapId}/graph`)).statusCode).toBe(200);
        expect(after).toBe(1);
      } finally {
        store.openGraph = openGraph;
      }
    },
    SLOW,
  );
});

describe("streamed exports", () => {
  it(
    "write the JSON bundle the in-memory export wrote, which imports back to the same map",
    async () => {
      const r = await get(`/api/maps/${mapId}/export?format=json`);
      expect(r.statusCode).toBe(200);
      expect(r.headers["content-disposition"]).toBe(`attachment; filename="${mapId}.json"`);
      expect(r.headers["content-length"]).toBeUndefined();
      const bundle = await app.store.exportBundle(mapId);
      expect(r.body).toBe(serialized(Bundle, bundle));

      const copy = await newMap(app, "streaming-json");
      try {
        expect((await call(app, "POST", `/api/maps/${copy}/import`, JSON.parse(r.body))).status).toBe(200);
        expect((await get(`/api/maps/${copy}/export?format=json`)).body).toBe(r.body);
      } finally {
        await call(app, "DELETE", `/api/maps/${copy}`);
      }
    },
    SLOW,
  );

  it(
    "write the CSV files of the in-memory export, which import back to the same map",
    async () => {
      const r = await get(`/api/maps/${mapId}/export?format=csv`);
      expect(r.statusCode).toBe(200);
      expect(r.headers["content-type"]).toBe("application/zip");
      const files = unzipSync(r.rawPayload);
      const expected = exportCsvFiles(await app.store.exportBundle(mapId));
      expect(Object.keys(files)).toEqual(CSV_ENTITIES.map((e) => `${e}.csv`));
      for (const entity of CSV_ENTITIES)
        expect(Buffer.from(files[`${entity}.csv`]!).toString("utf8")).toBe(expected[entity]);
      expect(expected.actors.split("\n")[0]).toContain("attr:founded");

      const copy = await newMap(app, "streaming-csv");
      try {
        const imported = await upload(app, copy, [{ name: "map.zip", data: r.rawPayload }], "?format=csv");
        expect(imported.status).toBe(200);
        const original = await app.store.exportBundle(mapId);
        const copied = await app.store.exportBundle(copy);
        expect(copied).toEqual(original);
      } finally {
        await call(app, "DELETE", `/api/maps/${copy}`);
      }
    },
    SLOW,
  );

  it(
    "redact each record for a redacted caller",
    async () => {
      const plan = await app.redaction.plan(privateMapId);
      const bundle = await app.store.exportBundle(privateMapId);
      const r = await get(`/api/maps/${privateMapId}/export?format=json`, link);
      expect(r.statusCode).toBe(200);
      expect(r.body).toBe(serialized(Bundle, redact(bundle, plan)));
      const csv = unzipSync((await get(`/api/maps/${privateMapId}/export?format=csv`, link)).rawPayload);
      const expected = exportCsvFiles(redact(bundle, plan));
      for (const entity of CSV_ENTITIES)
        expect(Buffer.from(csv[`${entity}.csv`]!).toString("utf8")).toBe(expected[entity]);
    },
    SLOW,
  );
});

describe("shared reads", () => {
  /**
   * A source of `count` chunks of `size` bytes, counting the chunks read and whether it was closed; past `held`
   * chunks it waits until `release()`.
   */
  function source(count: number, size: number, held = count) {
    const state = { pulled: 0, closed: false };
    let release = () => {};
    const released = new Promise<void>((r) => (release = r));
    async function* body() {
      for (let i = 0; i < count; i++) {
        if (i === held) await released;
        state.pulled++;
        yield Buffer.alloc(size, i % 256);
      }
    }
    const start = async (): Promise<SharedSource<string>> => ({
      head: "head",
      body: body(),
      close: async () => {
        state.closed = true;
      },
    });
    return { state, start, release };
  }
  const drain = async (readable: Readable) => {
    const chunks: Buffer[] = [];
    for await (const chunk of readable) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };

  it("replays the chunks read so far to a joiner, and keeps nothing after", async () => {
    const shared = new SharedReads({ joinLimitBytes: 1 << 20, windowChunks: 4 });
    const { state, start, release } = source(20, 1000, 2);
    const first = await shared.open("k", start);
    const a = drain(first.reader());
    await new Promise((r) => setTimeout(r, 20));
    expect(state.pulled).toBe(2);
    // Joins after two chunks were read and sent: it still gets them.
    const second = await shared.open("k", start);
    expect(shared.stats).toEqual({ started: 1, joined: 1, kept: 0 });
    const b = drain(second.reader());
    release();
    expect((await a).length).toBe(20_000);
    expect(await b).toEqual(await a);
    expect(state.pulled).toBe(20);
    await shared.open("k", start);
    expect(shared.stats.started).toBe(2);
  });

  it("takes no joiner past its limit, and runs at most a window ahead of the slowest reader", async () => {
    const shared = new SharedReads({ joinLimitBytes: 5000, windowChunks: 3 });
    const { state, start } = source(50, 1000);
    const slow = (await shared.open("k", start)).reader();
    const fast = (await shared.open("k", start)).reader();
    const fastBytes = drain(fast);
    await new Promise((r) => setTimeout(r, 50));
    // The slow reader has taken nothing: the read waits for it a window ahead.
    expect(state.pulled).toBeLessThanOrEqual(3);
    const slowBytes = await drain(slow);
    expect(slowBytes.length).toBe(50_000);
    expect((await fastBytes).length).toBe(50_000);
    await shared.open("k", source(1, 1).start);
    expect(shared.stats).toEqual({ started: 2, joined: 1, kept: 0 });
  });

  it("keeps a small finished answer for the callers after, until its map's version moves on", async () => {
    const shared = new SharedReads({ keepBytes: 10_000, keepTotalBytes: 18_000 });
    const v1 = source(5, 1000);
    const first = await drain((await shared.open("m@1/full", v1.start, { family: "m", generation: 1 })).reader());
    const again = await shared.open("m@1/full", source(5, 1000).start, { family: "m", generation: 1 });
    expect(again.head).toBe("head");
    expect(await drain(again.reader())).toEqual(first);
    expect(shared.stats).toEqual({ started: 1, joined: 0, kept: 1 });
    expect(v1.state.pulled).toBe(5);

    // Too large to keep: read again by the next caller.
    await drain((await shared.open("big@1/full", source(11, 1000).start, { family: "big", generation: 1 })).reader());
    await drain((await shared.open("big@1/full", source(11, 1000).start, { family: "big", generation: 1 })).reader());
    expect(shared.stats.started).toBe(3);

    // The map's next version drops the answers of the one before.
    await drain((await shared.open("m@2/full", source(5, 1000).start, { family: "m", generation: 2 })).reader());
    await drain((await shared.open("m@1/full", source(5, 1000).start, { family: "m", generation: 1 })).reader());
    expect(shared.stats.started).toBe(5);

    // Past the total, the least recently asked answer goes first: here "n@1", asked before "m@1" was read again.
    await drain((await shared.open("n@1/full", source(5, 1000).start, { family: "n", generation: 1 })).reader());
    await drain((await shared.open("m@1/full", source(1, 1).start, { family: "m", generation: 1 })).reader());
    await drain((await shared.open("o@1/full", source(5, 1000).start, { family: "o", generation: 1 })).reader());
    await drain((await shared.open("p@1/full", source(5, 1000).start, { family: "p", generation: 1 })).reader());
    const started = shared.stats.started;
    await drain((await shared.open("m@1/full", source(1, 1).start, { family: "m", generation: 1 })).reader());
    expect(shared.stats.started).toBe(started);
    await drain((await shared.open("n@1/full", source(1, 1).start, { family: "n", generation: 1 })).reader());
    expect(shared.stats.started).toBe(started + 1);
  });

  it("closes the read when every reader is gone", async () => {
    const shared = new SharedReads({ joinLimitBytes: 1 << 20, windowChunks: 2 });
    const { state, start } = source(100, 1000);
    const reader = (await shared.open("k", start)).reader();
    await new Promise((resolve) => reader.once("data", resolve));
    reader.destroy();
    await new Promise((r) => setTimeout(r, 20));
    expect(state.closed).toBe(true);
    // Read ahead no further than the stream's buffer and the window.
    expect(state.pulled).toBeLessThan(40);
    expect(shared.stats.started).toBe(1);
    await shared.open("k", source(1, 1).start);
    expect(shared.stats.started).toBe(2);
  });
});
