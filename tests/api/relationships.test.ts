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

describe("money on funds ties", () => {
  const actors = [
    { id: "trust", name: "Trust", type: "funder" },
    { id: "hill", name: "Hill School", type: "school" },
  ];
  const tie = (map: string, id = "") => call(app, "GET", `/api/maps/${map}/relationships${id && `/${id}`}`);

  it("keeps an amount's currency through create, patch, export and import", async () => {
    const map = await newMap(app, "money");
    for (const a of actors) await call(app, "POST", `/api/maps/${map}/actors`, a);
    const created = await call(app, "POST", `/api/maps/${map}/relationships`, {
      id: "g1",
      from: "trust",
      to: "hill",
      type: "funds",
      amount: 25000,
      currency: "GBP",
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: "g1", amount: 25000, currency: "GBP" });
    expect((await tie(map, "g1")).body).toMatchObject({ amount: 25000, currency: "GBP" });

    expect((await call(app, "PATCH", `/api/maps/${map}/relationships/g1`, { currency: "EUR" })).body).toMatchObject({
      amount: 25000,
      currency: "EUR",
    });

    // The funding analysis counts the tie in its own currency (the trust offers nothing to guess one from).
    const funding = await call(app, "GET", `/api/maps/${map}/analysis/funding`);
    expect(funding.body.ties).toEqual([expect.objectContaining({ id: "g1", amount: 25000, currency: "EUR" })]);
    expect(funding.body.funders).toEqual([expect.objectContaining({ id: "trust", currency: "EUR", total: 25000 })]);

    // Exported and imported into another map: the tie is created with its currency.
    const exported = await call(app, "GET", `/api/maps/${map}/export?format=json`);
    expect(exported.body.relationships).toEqual([
      { id: "g1", from: "trust", to: "hill", type: "funds", weight: 1, amount: 25000, currency: "EUR" },
    ]);
    const copy = await newMap(app, "money-copy");
    expect((await call(app, "POST", `/api/maps/${copy}/import`, exported.body)).status).toBe(200);
    expect((await tie(copy, "g1")).body).toMatchObject({ amount: 25000, currency: "EUR" });
    // Imported again over itself, the tie is updated in place: a new currency replaces the old, none removes it.
    const again = (currency?: string) =>
      call(app, "POST", `/api/maps/${copy}/import`, {
        relationships: [{ ...exported.body.relationships[0], amount: 900, currency }],
      });
    expect((await again("USD")).status).toBe(200);
    expect((await tie(copy, "g1")).body).toMatchObject({ amount: 900, currency: "USD" });
    expect((await again()).status).toBe(200);
    expect((await tie(copy, "g1")).body.currency).toBeUndefined();

    // Removing the amount removes its currency.
    const noAmount = await call(app, "PATCH", `/api/maps/${map}/relationships/g1`, { amount: null });
    expect(noAmount.status).toBe(200);
    expect(noAmount.body.amount).toBeUndefined();
    expect(noAmount.body.currency).toBeUndefined();
  });

  it("refuses a currency that is no upper-case ISO 4217 code, or that has no amount, naming currency", async () => {
    const map = await newMap(app, "money-bad");
    for (const a of actors) await call(app, "POST", `/api/maps/${map}/actors`, a);
    const base = { id: "g1", from: "trust", to: "hill", type: "funds" };
    for (const currency of ["gbp", "POUNDS", "XYZ", "devices"]) {
      const bad = await call(app, "POST", `/api/maps/${map}/relationships`, { ...base, amount: 10, currency });
      expect(bad.status).toBe(400);
      expect(bad.body.issues).toEqual([
        { field: "currency", message: "must be an upper-case ISO 4217 currency code (USD, EUR, GBP...)" },
      ]);
    }
    const alone = await call(app, "POST", `/api/maps/${map}/relationships`, { ...base, currency: "GBP" });
    expect(alone.status).toBe(400);
    expect(alone.body.issues).toEqual([{ field: "currency", message: "a currency needs an amount" }]);
    expect((await tie(map)).body.total).toBe(0);

    // On a tie without an amount, a patch may not set a currency alone, nor clear the amount while setting one.
    expect((await call(app, "POST", `/api/maps/${map}/relationships`, base)).status).toBe(201);
    const patched = await call(app, "PATCH", `/api/maps/${map}/relationships/g1`, { currency: "GBP", weight: 3 });
    expect(patched.status).toBe(400);
    expect(patched.body.issues).toEqual([
      { field: "currency", message: "a currency needs an amount; the tie has none" },
    ]);
    // Refused whole: the weight of the same patch was not written either.
    expect((await tie(map, "g1")).body).toMatchObject({ weight: 1 });
    expect((await tie(map, "g1")).body.currency).toBeUndefined();
    const both = await call(app, "PATCH", `/api/maps/${map}/relationships/g1`, { amount: null, currency: "GBP" });
    expect(both.body.issues[0].field).toBe("currency");
    expect(
      (await call(app, "PATCH", `/api/maps/${map}/relationships/g1`, { currency: "gbp" })).body.issues[0].field,
    ).toBe("currency");
    // With an amount in the same patch, the currency is welcome.
    const paid = await call(app, "PATCH", `/api/maps/${map}/relationships/g1`, { amount: 40, currency: "GBP" });
    expect(paid.body).toMatchObject({ amount: 40, currency: "GBP" });

    // A bundle is checked the same way, naming the item.
    const bundle = await call(app, "POST", `/api/maps/${map}/import`, {
      relationships: [{ ...base, id: "g2", currency: "EUR" }],
    });
    expect(bundle.status).toBe(400);
    expect(bundle.body.issues).toEqual([
      expect.objectContaining({ field: "relationships[0].currency", message: "a currency needs an amount" }),
    ]);
  });
});
