// What the routes can carry and what the store keeps agree: ids of the longest allowed length can be read and
// deleted by their URL, date ranges run forwards, names hold no invisible characters, and JSON bodies are strict.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../server/app";
import { ID_MAX_LENGTH } from "../../server/domain/ids";
import { adminHeaders, buildTestApp, call, newMap } from "../helpers/app";

let app: App;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

function fields(body: { issues?: { field: string }[] }): string[] {
  return (body.issues ?? []).map((i) => i.field);
}

async function counts(mapId: string) {
  return (await call(app, "GET", `/api/maps/${mapId}`)).body.counts;
}

async function raw(url: string, payload: string | Buffer) {
  const r = await app.inject({
    method: "POST",
    url,
    headers: { ...adminHeaders(app), "content-type": "application/json" },
    payload,
  });
  return { status: r.statusCode, body: JSON.parse(r.body) };
}

describe("id length", () => {
  it("creates, reads and deletes an id of the maximum length, and refuses one character more", async () => {
    const mapId = await newMap(app, "ids");
    // 128 characters: Fastify's default path limit (100) answered 404 to every read of ids of 101-128.
    const longest = "a".repeat(ID_MAX_LENGTH);
    expect(longest).toHaveLength(128);
    const created = await call(app, "POST", `/api/maps/${mapId}/actors`, { id: longest, name: "A", type: "school" });
    expect(created.status).toBe(201);
    expect((await call(app, "GET", `/api/maps/${mapId}/actors/${longest}`)).body.id).toBe(longest);
    // Percent-encoding every character triples the path parameter (3 x 128 = 384), which still fits.
    const encoded = "%61".repeat(ID_MAX_LENGTH);
    expect((await call(app, "GET", `/api/maps/${mapId}/actors/${encoded}`)).body.id).toBe(longest);

    const offering = await call(app, "POST", `/api/maps/${mapId}/offerings`, {
      id: `o${longest.slice(1)}`,
      actorId: longest,
      category: "food",
      title: "Meals",
      capacity: 5,
      modality: "in_person",
    });
    expect(offering.status).toBe(201);
    expect((await call(app, "DELETE", `/api/maps/${mapId}/offerings/o${longest.slice(1)}`)).status).toBe(204);
    expect((await call(app, "DELETE", `/api/maps/${mapId}/actors/${longest}`)).status).toBe(204);
    expect((await call(app, "GET", `/api/maps/${mapId}/actors/${longest}`)).status).toBe(404);

    const tooLong = await call(app, "POST", `/api/maps/${mapId}/actors`, {
      id: `${longest}a`,
      name: "A",
      type: "school",
    });
    expect(tooLong.status).toBe(400);
    expect(fields(tooLong.body)).toEqual(["id"]);
    expect((await counts(mapId)).actors).toBe(0);
  });

  it("refuses a map id one character too long, naming it", async () => {
    const r = await call(app, "POST", "/api/maps", { id: "m".repeat(ID_MAX_LENGTH + 1), name: "Too long" });
    expect(r.status).toBe(400);
    expect(fields(r.body)).toEqual(["id"]);
  });
});

describe("date ranges", () => {
  let mapId: string;
  beforeAll(async () => {
    mapId = await newMap(app, "dates");
    for (const id of ["a", "b"]) await call(app, "POST", `/api/maps/${mapId}/actors`, { id, name: id, type: "school" });
  });
  const offering = (extra: object) => ({
    actorId: "a",
    category: "food",
    title: "Meals",
    capacity: 5,
    modality: "in_person",
    ...extra,
  });

  it("refuses an offering valid until before it is valid from, and accepts a single day", async () => {
    const r = await call(app, "POST", `/api/maps/${mapId}/offerings`, {
      ...offering({ id: "backwards", validFrom: "2026-05-02", validUntil: "2026-05-01" }),
    });
    expect(r.status).toBe(400);
    expect(fields(r.body)).toEqual(["validUntil"]);
    const oneDay = await call(app, "POST", `/api/maps/${mapId}/offerings`, {
      ...offering({ id: "one-day", validFrom: "2026-05-01", validUntil: "2026-05-01" }),
    });
    expect(oneDay.status).toBe(201);
    expect((await call(app, "GET", `/api/maps/${mapId}/offerings/backwards`)).status).toBe(404);
  });

  it("checks a PATCH of one end against the stored other end, and keeps the offering unchanged", async () => {
    const created = await call(app, "POST", `/api/maps/${mapId}/offerings`, {
      ...offering({ id: "season", validFrom: "2026-06-01", validUntil: "2026-08-31" }),
    });
    expect(created.status).toBe(201);
    const url = `/api/maps/${mapId}/offerings/season`;
    const early = await call(app, "PATCH", url, { validUntil: "2026-05-31" });
    expect(early.status).toBe(400);
    expect(fields(early.body)).toEqual(["validUntil"]);
    const late = await call(app, "PATCH", url, { validFrom: "2026-09-01" });
    expect(late.status).toBe(400);
    expect(fields(late.body)).toEqual(["validFrom"]);
    const both = await call(app, "PATCH", url, { validFrom: "2026-09-01", validUntil: "2026-08-01" });
    expect(both.status).toBe(400);
    expect(fields(both.body)).toEqual(["validUntil"]);
    const stored = (await call(app, "GET", url)).body;
    expect([stored.validFrom, stored.validUntil]).toEqual(["2026-06-01", "2026-08-31"]);
    // Removing one end leaves nothing to compare; moving the start within the range is kept.
    expect((await call(app, "PATCH", url, { validFrom: "2026-07-01" })).body.validFrom).toBe("2026-07-01");
  });

  it("refuses a tie that ends before it starts, on create and on PATCH against the stored start", async () => {
    const r = await call(app, "POST", `/api/maps/${mapId}/relationships`, {
      id: "backwards-tie",
      from: "a",
      to: "b",
      type: "mentors",
      since: "2024-01-02",
      until: "2024-01-01",
    });
    expect(r.status).toBe(400);
    expect(fields(r.body)).toEqual(["until"]);

    const tie = await call(app, "POST", `/api/maps/${mapId}/relationships`, {
      id: "tie",
      from: "a",
      to: "b",
      type: "mentors",
      since: "2024-01-01",
      until: "2024-12-31",
    });
    expect(tie.status).toBe(201);
    const url = `/api/maps/${mapId}/relationships/tie`;
    const early = await call(app, "PATCH", url, { until: "2023-12-31" });
    expect(early.status).toBe(400);
    expect(fields(early.body)).toEqual(["until"]);
    const late = await call(app, "PATCH", url, { since: "2025-01-01", weight: 3 });
    expect(late.status).toBe(400);
    expect(fields(late.body)).toEqual(["since"]);
    // The refused PATCH rolled back whole: the weight given with it was not kept.
    const stored = (await call(app, "GET", url)).body;
    expect([stored.since, stored.until, stored.weight]).toEqual(["2024-01-01", "2024-12-31", 1]);
  });

  it("refuses a bundle with a backwards offering or tie, naming the item's field, and writes nothing", async () => {
    const target = await newMap(app, "dates-bundle");
    const bundle = {
      actors: [
        { id: "a", name: "A", type: "school" },
        { id: "b", name: "B", type: "school" },
      ],
      offerings: [offering({ id: "o", validFrom: "2026-02-01", validUntil: "2026-01-31" })],
      relationships: [{ from: "a", to: "b", type: "mentors", since: "2025-01-01", until: "2024-01-01" }],
    };
    const r = await call(app, "POST", `/api/maps/${target}/import`, bundle);
    expect(r.status).toBe(400);
    expect(fields(r.body).sort()).toEqual(["offerings[0].validUntil", "relationships[0].until"]);
    expect(await counts(target)).toEqual({ actors: 0, needs: 0, offerings: 0, relationships: 0 });
  });
});

describe("invisible characters", () => {
  let mapId: string;
  beforeAll(async () => {
    mapId = await newMap(app, "chars");
    await call(app, "POST", `/api/maps/${mapId}/actors`, { id: "a", name: "A", type: "school" });
  });

  const cases: [string, string, object, string][] = [
    ["/actors", "NUL in a name", { name: "Scho\u0000ol", type: "school" }, "name"],
    ["/actors", "DEL in a name", { name: "School\u007F", type: "school" }, "name"],
    ["/actors", "a newline inside a name", { name: "Two\nlines", type: "school" }, "name"],
    ["/actors", "a right-to-left override in a name", { name: "\u202Egnp.exe", type: "school" }, "name"],
    ["/actors", "a left-to-right isolate in a name", { name: "A\u2066B", type: "school" }, "name"],
    ["/actors", "a right-to-left override in an id", { id: "a\u202Eb", name: "A", type: "school" }, "id"],
    ["/actors", "NUL in a description", { name: "A", type: "school", description: "x\u0000y" }, "description"],
    ["/actors", "an escape in a tag", { name: "A", type: "school", tags: ["\u001B[31mred"] }, "tags[0]"],
    [
      "/needs",
      "a bidi override in a title",
      { actorId: "a", category: "food", title: "Rice\u202D", quantity: 1, priority: "high" },
      "title",
    ],
  ];

  it.each(cases)(
    "POST %s with %s gives 400 naming the field and writes nothing",
    async (route, _label, body, field) => {
      const before = await counts(mapId);
      const r = await call(app, "POST", `/api/maps/${mapId}${route}`, body);
      expect(r.status).toBe(400);
      expect(fields(r.body)).toEqual([field]);
      expect(await counts(mapId)).toEqual(before);
    },
  );

  it("refuses a NUL in a map's name on PATCH, naming it", async () => {
    const r = await call(app, "PATCH", `/api/maps/${mapId}`, { name: "Map\u0000" });
    expect(r.status).toBe(400);
    expect(fields(r.body)).toEqual(["name"]);
  });

  it("keeps newlines, carriage returns and tabs in a description", async () => {
    const description = "First line\r\nSecond line\n\tindented";
    const r = await call(app, "POST", `/api/maps/${mapId}/actors`, { name: "Text", type: "school", description });
    expect(r.status).toBe(201);
    expect(r.body.description).toBe(description);
  });
});

describe("strict JSON bodies", () => {
  let mapId: string;
  beforeAll(async () => {
    mapId = await newMap(app, "json");
  });

  it("names a __proto__ key, wherever it sits, instead of calling the body invalid JSON", async () => {
    const url = `/api/maps/${mapId}/actors`;
    const top = await raw(url, '{"name":"A","type":"school","__proto__":{"admin":true}}');
    expect(top.status).toBe(400);
    expect(fields(top.body)).toEqual(["__proto__"]);
    const nested = await raw(url, '{"name":"A","type":"school","attributes":{"__proto__":{"admin":true}}}');
    expect(nested.status).toBe(400);
    expect(fields(nested.body)).toEqual(["attributes.__proto__"]);
    const inList = await raw(
      `/api/maps/${mapId}/import`,
      '{"actors":[{"id":"a","name":"A","type":"school","__proto__":1}]}',
    );
    expect(inList.status).toBe(400);
    expect(fields(inList.body)).toEqual(["actors[0].__proto__"]);
    expect((await counts(mapId)).actors).toBe(0);
  });

  it("names a constructor.prototype key", async () => {
    const r = await raw(
      `/api/maps/${mapId}/actors`,
      '{"name":"A","type":"school","constructor":{"prototype":{"x":1}}}',
    );
    expect(r.status).toBe(400);
    expect(fields(r.body)).toEqual(["constructor"]);
    expect(r.body.message).toBe("constructor: this key is not allowed");
  });

  it("refuses attribute names an object already has, naming the attribute", async () => {
    for (const key of ["toString", "constructor", "prototype", "hasOwnProperty"]) {
      const r = await call(app, "POST", `/api/maps/${mapId}/actors`, {
        name: "A",
        type: "school",
        attributes: { [key]: 1 },
      });
      expect(r.status).toBe(400);
      expect(r.body.issues).toEqual([{ field: `attributes.${key}`, message: "this attribute name is reserved" }]);
    }
    expect((await counts(mapId)).actors).toBe(0);
  });

  it("refuses bytes that are not UTF-8 instead of replacing them", async () => {
    const body = Buffer.concat([
      Buffer.from('{"id":"u8","name":"A'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('","type":"school"}'),
    ]);
    const r = await raw(`/api/maps/${mapId}/actors`, body);
    expect(r.status).toBe(400);
    expect(r.body.issues).toEqual([{ field: "body", message: "is not valid UTF-8" }]);
    expect((await call(app, "GET", `/api/maps/${mapId}/actors/u8`)).status).toBe(404);
    // Well-formed multi-byte text still passes: "Zürich" is 7 bytes, ü being 0xC3 0xBC.
    const ok = await raw(`/api/maps/${mapId}/actors`, Buffer.from('{"id":"zh","name":"Zürich","type":"school"}'));
    expect([ok.status, ok.body.name]).toEqual([201, "Zürich"]);
  });

  it("still calls malformed JSON malformed", async () => {
    const r = await raw(`/api/maps/${mapId}/actors`, '{"name":"A",');
    expect(r.status).toBe(400);
    expect(r.body.message).toBe("Body is not valid JSON but content-type is set to 'application/json'");
  });
});
