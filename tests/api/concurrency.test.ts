import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../server/app";
import { adminHeaders, buildTestApp, call, newMap, uniqueId } from "../helpers/app";

let app: App;
let mapId: string;
beforeAll(async () => {
  app = await buildTestApp();
  mapId = await newMap(app, "concurrency");
  for (const a of [
    { id: "giver", name: "ByteWorks", type: "business" },
    { id: "taker", name: "Pine Hollow", type: "school" },
  ])
    expect((await call(app, "POST", `/api/maps/${mapId}/actors`, a)).status).toBe(201);
  expect(
    (
      await call(app, "POST", `/api/maps/${mapId}/offerings`, {
        id: "laptops",
        actorId: "giver",
        category: "technology/devices",
        title: "Laptops",
        capacity: 100,
        modality: "remote",
      })
    ).status,
  ).toBe(201);
  expect(
    (
      await call(app, "POST", `/api/maps/${mapId}/needs`, {
        id: "need",
        actorId: "taker",
        category: "technology/devices",
        title: "Laptops",
        quantity: 100,
        priority: "high",
      })
    ).status,
  ).toBe(201);
});
afterAll(() => app.close());

interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  headers: Record<string, unknown>;
}

/** A request as the admin, with extra headers; the answer keeps its headers (ETag, Idempotent-Replayed). */
async function send(method: string, url: string, payload?: object, headers: Record<string, string> = {}) {
  const r = await app.inject({
    method: method as "GET",
    url,
    headers: { ...adminHeaders(app), ...headers },
    ...(payload ? { payload } : {}),
  });
  return { status: r.statusCode, body: r.body ? JSON.parse(r.body) : undefined, headers: r.headers } as Answer;
}

const base = () => `/api/maps/${mapId}`;
const statuses = (answers: Answer[]) => answers.map((a) => a.status).sort();

async function history(entityId: string) {
  const r = await call(app, "GET", `${base()}/history?entityId=${encodeURIComponent(entityId)}&limit=500`);
  expect(r.status).toBe(200);
  return r.body.items as { action: string }[];
}

describe("versions and If-Match", () => {
  it("gives each entity an ETag that moves on with every write", async () => {
    const created = await send("POST", `${base()}/actors`, { id: "versioned", name: "V", type: "school" });
    expect(created.status).toBe(201);
    expect(created.headers.etag).toBe('"1"');
    const read = await send("GET", `${base()}/actors/versioned`);
    expect(read.headers.etag).toBe('"1"');
    const patched = await send("PATCH", `${base()}/actors/versioned`, { name: "V2" }, { "if-match": '"1"' });
    expect(patched.status).toBe(200);
    expect(patched.headers.etag).toBe('"2"');
    expect(patched.body).not.toHaveProperty("rev");
    // Without If-Match a write is unconditional, as before.
    expect((await send("PATCH", `${base()}/actors/versioned`, { name: "V3" })).headers.etag).toBe('"3"');
    const lists = await send("GET", `${base()}/actors`);
    expect(lists.headers.etag).toBeUndefined();
  });

  it("lets exactly one of concurrent PATCHes with the same If-Match through; the rest get 412", async () => {
    const id = uniqueId("raced");
    const created = await send("POST", `${base()}/actors`, { id, name: "Start", type: "school" });
    const etag = created.headers.etag as string;
    const answers = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        send("PATCH", `${base()}/actors/${id}`, { name: `Writer ${i}` }, { "if-match": etag }),
      ),
    );
    expect(statuses(answers)).toEqual([200, 412, 412, 412, 412]);
    const winner = answers.find((a) => a.status === 200)!;
    const loser = answers.find((a) => a.status === 412)!;
    expect(loser.body.error).toBe("Precondition Failed");
    expect(loser.body.message).toContain("changed by someone else");
    const stored = await send("GET", `${base()}/actors/${id}`);
    expect(stored.body.name).toBe(winner.body.name);
    expect(stored.headers.etag).toBe('"2"');
    expect((await history(id)).map((e) => e.action).sort()).toEqual(["create", "update"]);
  });

  it("refuses a DELETE with a stale If-Match and keeps the entity", async () => {
    const id = uniqueId("kept");
    await send("POST", `${base()}/actors`, { id, name: "Kept", type: "school" });
    await send("PATCH", `${base()}/actors/${id}`, { name: "Kept, renamed" });
    const refused = await send("DELETE", `${base()}/actors/${id}`, undefined, { "if-match": '"1"' });
    expect(refused.status).toBe(412);
    expect((await send("GET", `${base()}/actors/${id}`)).body.name).toBe("Kept, renamed");
    expect((await send("DELETE", `${base()}/actors/${id}`, undefined, { "if-match": '"2"' })).status).toBe(204);
    expect((await send("GET", `${base()}/actors/${id}`)).status).toBe(404);
  });

  it("checks If-Match on every kind of entity", async () => {
    const tie = await send("POST", `${base()}/relationships`, { from: "giver", to: "taker", type: "funds" });
    const category = await send("POST", `${base()}/categories`, { id: uniqueId("cat"), name: "C" });
    const commitment = await send("POST", `${base()}/commitments`, {
      offeringId: "laptops",
      needId: "need",
      amount: 1,
    });
    const cases = [
      { url: `${base()}/relationships/${tie.body.id}`, patch: { weight: 2 } },
      { url: `${base()}/categories/${category.body.id}`, patch: { name: "C2" } },
      { url: `${base()}/commitments/${commitment.body.id}`, patch: { status: "contacted" } },
      { url: `${base()}/offerings/laptops`, patch: { title: "Refurbished laptops" } },
      { url: `${base()}/needs/need`, patch: { title: "Laptops for pupils" } },
      { url: `/api/maps/${mapId}`, patch: { description: "Versioned" } },
    ];
    for (const c of cases) {
      const read = await send("GET", c.url);
      expect(read.headers.etag, c.url).toMatch(/^"\d+"$/);
      expect((await send("PATCH", c.url, c.patch, { "if-match": '"999"' })).status, c.url).toBe(412);
      const ok = await send("PATCH", c.url, c.patch, { "if-match": read.headers.etag as string });
      expect(ok.status, c.url).toBe(200);
      expect(ok.headers.etag, c.url).toBe(`"${Number(JSON.parse(read.headers.etag as string)) + 1}"`);
    }
  });
});

describe("concurrent conditional writes of other kinds", () => {
  it("lets one of concurrent PATCHes of a relationship, a category and a commitment through", async () => {
    const tie = await send("POST", `${base()}/relationships`, { from: "taker", to: "giver", type: "refers_to" });
    const category = await send("POST", `${base()}/categories`, { id: uniqueId("raced"), name: "Raced" });
    const commitment = await send("POST", `${base()}/commitments`, {
      offeringId: "laptops",
      needId: "need",
      amount: 1,
    });
    const cases = [
      { url: `${base()}/relationships/${tie.body.id}`, patch: (i: number) => ({ weight: i + 1 }), etag: tie },
      {
        url: `${base()}/categories/${category.body.id}`,
        patch: (i: number) => ({ name: `Name ${i}` }),
        etag: category,
      },
      {
        url: `${base()}/commitments/${commitment.body.id}`,
        patch: (i: number) => ({ status: "contacted", by: `writer ${i}` }),
        etag: commitment,
      },
    ];
    for (const c of cases) {
      expect(c.etag.headers.etag, c.url).toBe('"1"');
      const answers = await Promise.all(
        Array.from({ length: 4 }, (_, i) => send("PATCH", c.url, c.patch(i), { "if-match": '"1"' })),
      );
      expect(statuses(answers), c.url).toEqual([200, 412, 412, 412]);
      const stored = await send("GET", c.url);
      expect(stored.headers.etag, c.url).toBe('"2"');
      expect(stored.body, c.url).toEqual(answers.find((a) => a.status === 200)!.body);
    }
  });

  it("refuses to delete a map, a category or a relationship named at a stale version", async () => {
    const map = await newMap(app, "stale-map");
    await send("PATCH", `/api/maps/${map}`, { description: "Changed" });
    expect((await send("DELETE", `/api/maps/${map}`, undefined, { "if-match": '"1"' })).status).toBe(412);
    expect((await send("GET", `/api/maps/${map}`)).body.description).toBe("Changed");
    expect((await send("DELETE", `/api/maps/${map}`, undefined, { "if-match": '"2"' })).status).toBe(204);

    const category = await send("POST", `${base()}/categories`, { id: uniqueId("stale"), name: "Stale" });
    const url = `${base()}/categories/${category.body.id}`;
    await send("PATCH", url, { name: "Fresh" });
    expect((await send("DELETE", url, undefined, { "if-match": '"1"' })).status).toBe(412);
    expect((await send("GET", url)).body.name).toBe("Fresh");

    const tie = await send("POST", `${base()}/relationships`, { from: "giver", to: "taker", type: "supplies" });
    const tieUrl = `${base()}/relationships/${tie.body.id}`;
    await send("PATCH", tieUrl, { weight: 3 });
    expect((await send("DELETE", tieUrl, undefined, { "if-match": '"1"' })).status).toBe(412);
    expect((await send("GET", tieUrl)).body.weight).toBe(3);
  });
});

describe("concurrent creates of one id", () => {
  const kinds: { path: string; body: (id: string) => object }[] = [
    { path: "actors", body: (id) => ({ id, name: "Twin", type: "school" }) },
    {
      path: "needs",
      body: (id) => ({
        id,
        actorId: "taker",
        category: "technology/devices",
        title: "Twin",
        quantity: 1,
        priority: "low",
      }),
    },
    {
      path: "offerings",
      body: (id) => ({
        id,
        actorId: "giver",
        category: "technology/devices",
        title: "Twin",
        capacity: 1,
        modality: "remote",
      }),
    },
    { path: "relationships", body: (id) => ({ id, from: "giver", to: "taker", type: "mentors" }) },
    { path: "commitments", body: (id) => ({ id, offeringId: "laptops", needId: "need", amount: 1 }) },
    { path: "categories", body: (id) => ({ id, name: "Twin" }) },
  ];
  for (const kind of kinds) {
    it(`answers one 201 and four 409 for ${kind.path}`, async () => {
      const id = uniqueId("twin");
      const answers = await Promise.all(
        Array.from({ length: 5 }, () => send("POST", `${base()}/${kind.path}`, kind.body(id))),
      );
      expect(statuses(answers)).toEqual([201, 409, 409, 409, 409]);
      expect((await history(id)).filter((e) => e.action === "create")).toHaveLength(1);
    });
  }

  it("answers one 201 and four 409 for maps", async () => {
    const id = uniqueId("twin-map");
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => send("POST", "/api/maps", { id, name: "Twin map" })),
    );
    expect(statuses(answers)).toEqual([201, 409, 409, 409, 409]);
  });
});

describe("Idempotency-Key", () => {
  it("answers a retry with the first answer without writing again", async () => {
    const key = uniqueId("key");
    const id = uniqueId("once");
    const body = { id, name: "Once", type: "school" };
    const first = await send("POST", `${base()}/actors`, body, { "idempotency-key": key });
    expect(first.status).toBe(201);
    const retry = await send("POST", `${base()}/actors`, body, { "idempotency-key": key });
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.etag).toBe(first.headers.etag);
    expect(retry.headers["idempotent-replayed"]).toBe("true");
    // Without the key the same POST is a new request: the id is taken.
    expect((await send("POST", `${base()}/actors`, body)).status).toBe(409);

    const patchKey = uniqueId("key");
    const patches = [];
    for (let i = 0; i < 3; i++)
      patches.push(await send("PATCH", `${base()}/actors/${id}`, { name: "Twice?" }, { "idempotency-key": patchKey }));
    expect(patches.map((p) => p.status)).toEqual([200, 200, 200]);
    expect(patches[2]!.body).toEqual(patches[0]!.body);
    expect((await history(id)).map((e) => e.action).sort()).toEqual(["create", "update"]);
  });

  it("writes once when retries race the first request", async () => {
    const key = uniqueId("key");
    const id = uniqueId("raced-once");
    const body = { id, name: "Raced once", type: "school" };
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => send("POST", `${base()}/actors`, body, { "idempotency-key": key })),
    );
    // Each retry either waited for the first answer (201, replayed) or came while it was being written (409).
    expect(answers.filter((a) => a.status === 201 && !a.headers["idempotent-replayed"])).toHaveLength(1);
    for (const a of answers) expect([201, 409]).toContain(a.status);
    expect((await send("POST", `${base()}/actors`, body, { "idempotency-key": key })).status).toBe(201);
    expect((await history(id)).map((e) => e.action)).toEqual(["create"]);
  });

  it("replays a DELETE's 204, and refuses the same key with another body (422)", async () => {
    const id = uniqueId("gone");
    await send("POST", `${base()}/actors`, { id, name: "Gone", type: "school" });
    const key = uniqueId("key");
    expect((await send("DELETE", `${base()}/actors/${id}`, undefined, { "idempotency-key": key })).status).toBe(204);
    const again = await send("DELETE", `${base()}/actors/${id}`, undefined, { "idempotency-key": key });
    expect(again.status).toBe(204);
    expect(again.headers["idempotent-replayed"]).toBe("true");

    const other = uniqueId("key");
    const target = uniqueId("kept");
    expect(
      (await send("POST", `${base()}/actors`, { id: target, name: "A", type: "school" }, { "idempotency-key": other }))
        .status,
    ).toBe(201);
    const reused = await send(
      "POST",
      `${base()}/actors`,
      { id: uniqueId("other"), name: "B", type: "school" },
      { "idempotency-key": other },
    );
    expect(reused.status).toBe(422);
    expect(reused.body.error).toBe("Unprocessable Entity");
    expect(reused.body.message).toContain("another request body");
  });

  it("stores a refusal too: a retry of a stale PATCH gets the same 412", async () => {
    const id = uniqueId("stale");
    await send("POST", `${base()}/actors`, { id, name: "S", type: "school" });
    const key = uniqueId("key");
    const first = await send(
      "PATCH",
      `${base()}/actors/${id}`,
      { name: "T" },
      { "if-match": '"9"', "idempotency-key": key },
    );
    expect(first.status).toBe(412);
    const retry = await send(
      "PATCH",
      `${base()}/actors/${id}`,
      { name: "T" },
      { "if-match": '"1"', "idempotency-key": key },
    );
    expect(retry.status).toBe(412);
    expect(retry.body).toEqual(first.body);
    expect((await send("GET", `${base()}/actors/${id}`)).body.name).toBe("S");
  });
});
