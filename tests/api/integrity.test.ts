// The capacity invariant on every route, and references that hold under concurrency: each refusal is a 4xx naming
// what stands in the way, and no race ends in a 500, an over-committed offering or an item without its parent.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../server/app";
import { buildTestApp, call, newMap } from "../helpers/app";

let app: App;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

/** A firm offering `capacity` laptops and `needs` schools each needing `quantity`; commitments as given. */
async function setup(capacity: number, needs: number, quantity: number, commitments: object[] = []) {
  const mapId = await newMap(app, "integrity");
  const bundle = {
    actors: [
      { id: "firm", name: "ByteWorks", type: "business" },
      ...Array.from({ length: needs }, (_, i) => ({ id: `school-${i}`, name: `School ${i}`, type: "school" })),
    ],
    offerings: [
      {
        id: "laptops",
        actorId: "firm",
        category: "technology/devices",
        title: "Laptops",
        capacity,
        modality: "remote",
      },
    ],
    needs: Array.from({ length: needs }, (_, i) => ({
      id: `need-${i}`,
      actorId: `school-${i}`,
      category: "technology/devices",
      title: "Laptops",
      quantity,
      priority: "high",
    })),
    commitments,
  };
  const r = await call(app, "POST", `/api/maps/${mapId}/import`, bundle);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return mapId;
}

const commit = (mapId: string, needId: string, amount: number, id?: string) =>
  call(app, "POST", `/api/maps/${mapId}/commitments`, {
    ...(id ? { id } : {}),
    offeringId: "laptops",
    needId,
    amount,
    by: "dana@atlas",
  });

const history = (status: string) => [{ status, by: "dana@atlas", at: "2026-01-01T00:00:00.000Z" }];

describe("the capacity invariant on every route", () => {
  it("refuses to lower an offering's capacity below what is committed, and allows it down to that amount", async () => {
    const mapId = await setup(10, 2, 6);
    expect((await commit(mapId, "need-0", 4)).status).toBe(201);
    expect((await commit(mapId, "need-1", 3)).status).toBe(201);
    // 4 + 3 = 7 committed: capacity 6 is below it, 7 is not.
    const low = await call(app, "PATCH", `/api/maps/${mapId}/offerings/laptops`, { capacity: 6 });
    expect(low.status).toBe(409);
    expect(low.body.message).toContain("capacity");
    expect(low.body.message).toContain("has 7 committed by 2 active commitment(s)");
    expect((await call(app, "GET", `/api/maps/${mapId}/offerings/laptops`)).body.capacity).toBe(10);
    const exact = await call(app, "PATCH", `/api/maps/${mapId}/offerings/laptops`, { capacity: 7 });
    expect(exact.status).toBe(200);
    expect(exact.body).toMatchObject({ capacity: 7, committed: 7 });
  });

  it("refuses to lower a need's quantity below what its commitments cover", async () => {
    const mapId = await setup(10, 1, 6);
    expect((await commit(mapId, "need-0", 5)).status).toBe(201);
    const low = await call(app, "PATCH", `/api/maps/${mapId}/needs/need-0`, { quantity: 4 });
    expect(low.status).toBe(409);
    expect(low.body.message).toContain("quantity");
    expect(low.body.message).toContain("has 5 committed to it");
    expect((await call(app, "PATCH", `/api/maps/${mapId}/needs/need-0`, { quantity: 5 })).status).toBe(200);
  });

  it("refuses to delete an offering or a need with active commitments until they are cancelled", async () => {
    const mapId = await setup(10, 1, 6);
    expect((await commit(mapId, "need-0", 4, "c1")).status).toBe(201);
    const offering = await call(app, "DELETE", `/api/maps/${mapId}/offerings/laptops`);
    expect(offering.status).toBe(409);
    expect(offering.body.message).toContain("has 1 active commitment(s) holding 4");
    const need = await call(app, "DELETE", `/api/maps/${mapId}/needs/need-0`);
    expect(need.status).toBe(409);
    expect(need.body.message).toContain("cancel or decline");
    // Both refusals left the commitment and its items as they were.
    expect((await call(app, "GET", `/api/maps/${mapId}/commitments/c1`)).body.status).toBe("proposed");
    const cancel = { status: "cancelled", by: "dana@atlas" };
    expect((await call(app, "PATCH", `/api/maps/${mapId}/commitments/c1`, cancel)).status).toBe(200);
    expect((await call(app, "DELETE", `/api/maps/${mapId}/needs/need-0`)).status).toBe(204);
    expect((await call(app, "DELETE", `/api/maps/${mapId}/offerings/laptops`)).status).toBe(204);
  });

  it("refuses, whole, an import whose commitments exceed an offering's capacity", async () => {
    // 15 + 10 = 25 active on a capacity of 20 (the declined 50 holds nothing): refused.
    const mapId = await newMap(app, "integrity");
    const bundle = {
      actors: [
        { id: "firm", name: "ByteWorks", type: "business" },
        { id: "school", name: "School", type: "school" },
      ],
      offerings: [
        {
          id: "laptops",
          actorId: "firm",
          category: "technology/devices",
          title: "L",
          capacity: 20,
          modality: "remote",
        },
      ],
      needs: [
        { id: "n1", actorId: "school", category: "technology/devices", title: "L", quantity: 50, priority: "high" },
      ],
      commitments: [
        { id: "c1", offeringId: "laptops", needId: "n1", amount: 15, status: "accepted", history: history("accepted") },
        { id: "c2", offeringId: "laptops", needId: "n1", amount: 10, status: "proposed", history: history("proposed") },
        { id: "c3", offeringId: "laptops", needId: "n1", amount: 50, status: "declined", history: history("declined") },
      ],
    };
    const r = await call(app, "POST", `/api/maps/${mapId}/import`, bundle);
    expect([400, 409]).toContain(r.status);
    expect(r.body.message).toContain("offering 'laptops' (capacity 20, committed 25)");
    // Nothing of the bundle was written.
    expect((await call(app, "GET", `/api/maps/${mapId}/actors`)).body.total).toBe(0);
    // Without c2, 15 of 20 fits.
    const fits = { ...bundle, commitments: [bundle.commitments[0], bundle.commitments[2]] };
    expect((await call(app, "POST", `/api/maps/${mapId}/import`, fits)).status).toBe(200);
    expect((await call(app, "GET", `/api/maps/${mapId}/offerings/laptops`)).body.committed).toBe(15);
  });

  it("counts an import's commitments together with those the map holds", async () => {
    const mapId = await setup(10, 1, 20);
    expect((await commit(mapId, "need-0", 8)).status).toBe(201);
    // 8 held + 3 imported = 11 > 10.
    const more = {
      commitments: [
        {
          id: "cx",
          offeringId: "laptops",
          needId: "need-0",
          amount: 3,
          status: "proposed",
          history: history("proposed"),
        },
      ],
    };
    const r = await call(app, "POST", `/api/maps/${mapId}/import`, more);
    expect([400, 409]).toContain(r.status);
    expect(r.body.message).toContain("offering 'laptops' (capacity 10, committed 11)");
    expect((await call(app, "GET", `/api/maps/${mapId}/commitments/cx`)).status).toBe(404);
    expect((await call(app, "GET", `/api/maps/${mapId}/offerings/laptops`)).body.committed).toBe(8);
  });
});

describe("races", () => {
  it("keeps committed <= capacity when capacity is lowered while commitments arrive", async () => {
    const mapId = await setup(20, 10, 5);
    // Ten PATCHes to capacities 20, 19, ..., 11 against ten commitments of 2: whatever the order, what is
    // committed never exceeds the capacity left.
    const answers = await Promise.all([
      ...Array.from({ length: 10 }, (_, i) =>
        call(app, "PATCH", `/api/maps/${mapId}/offerings/laptops`, { capacity: 20 - i }),
      ),
      ...Array.from({ length: 10 }, (_, i) => commit(mapId, `need-${i}`, 2)),
    ]);
    for (const a of answers) expect([200, 201, 409], JSON.stringify(a.body)).toContain(a.status);
    const o = (await call(app, "GET", `/api/maps/${mapId}/offerings/laptops`)).body;
    const created = answers.slice(10).filter((a) => a.status === 201).length;
    expect(o.committed).toBe(created * 2);
    expect(o.committed).toBeLessThanOrEqual(o.capacity);
    const list = (await call(app, "GET", `/api/maps/${mapId}/commitments?limit=100`)).body;
    expect(list.total).toBe(created);
  });

  it("a commitment racing the deletion of its need answers 201, 404 or 409 and leaves no commitment behind", async () => {
    for (let round = 0; round < 5; round++) {
      const mapId = await setup(100, 1, 50);
      const answers = await Promise.all([
        ...Array.from({ length: 5 }, () => commit(mapId, "need-0", 1)),
        call(app, "DELETE", `/api/maps/${mapId}/needs/need-0`),
        ...Array.from({ length: 5 }, () => commit(mapId, "need-0", 1)),
      ]);
      const del = answers[5]!;
      expect([204, 409], JSON.stringify(del.body)).toContain(del.status);
      for (const a of [...answers.slice(0, 5), ...answers.slice(6)]) {
        expect([201, 400, 404, 409], JSON.stringify(a.body)).toContain(a.status);
      }
      const created = answers.filter((a) => a.status === 201).length;
      const list = (await call(app, "GET", `/api/maps/${mapId}/commitments?limit=100`)).body;
      const need = await call(app, "GET", `/api/maps/${mapId}/needs/need-0`);
      if (del.status === 204) {
        // The need went before any commitment landed on it: none points at it.
        expect(need.status).toBe(404);
        expect(list.total).toBe(0);
      } else {
        expect(need.status).toBe(200);
        expect(list.total).toBe(created);
      }
      expect((await call(app, "GET", `/api/maps/${mapId}/offerings/laptops`)).body.committed).toBe(list.total);
    }
  });

  it("a need created while its actor is deleted is either refused or deleted with it, never left orphaned", async () => {
    for (let round = 0; round < 5; round++) {
      const mapId = await setup(10, 1, 5);
      const need = (i: number) =>
        call(app, "POST", `/api/maps/${mapId}/needs`, {
          id: `extra-${i}`,
          actorId: "school-0",
          category: "technology/devices",
          title: "More",
          quantity: 1,
          priority: "low",
        });
      const answers = await Promise.all([
        need(0),
        need(1),
        call(app, "DELETE", `/api/maps/${mapId}/actors/school-0`),
        need(2),
        need(3),
      ]);
      expect(answers[2]!.status).toBe(204);
      for (const a of [answers[0]!, answers[1]!, answers[3]!, answers[4]!]) {
        expect([201, 400, 404], JSON.stringify(a.body)).toContain(a.status);
      }
      // The actor is gone, so every need it had, early or late, is gone too.
      expect((await call(app, "GET", `/api/maps/${mapId}/needs?limit=100`)).body.total).toBe(0);
      expect((await call(app, "GET", `/api/maps/${mapId}/analysis/gaps`)).status).toBe(200);
    }
  });
});
