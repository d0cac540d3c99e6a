import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../server/app";
import { buildTestApp, call, newMap } from "../helpers/app";

let app: App;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

/** A firm offering `capacity` laptops and schools that need them. */
async function setup(capacity: number, needs: number, quantity: number) {
  const mapId = await newMap(app, "commit");
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
        title: "Refurbished laptops",
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
  };
  expect((await call(app, "POST", `/api/maps/${mapId}/import`, bundle)).status).toBe(200);
  return mapId;
}

const offering = async (mapId: string) => (await call(app, "GET", `/api/maps/${mapId}/offerings/laptops`)).body;
const need = async (mapId: string, i: number) => (await call(app, "GET", `/api/maps/${mapId}/needs/need-${i}`)).body;

describe("commitments", () => {
  it("reserves capacity and moves the need's status, in one step", async () => {
    const mapId = await setup(10, 2, 6);
    const c = await call(app, "POST", `/api/maps/${mapId}/commitments`, {
      id: "c1",
      offeringId: "laptops",
      needId: "need-0",
      amount: 4,
      by: "dana@atlas",
    });
    expect(c.status).toBe(201);
    // Neither item named a unit: both took technology/devices's default, so the commitment counts devices.
    expect(c.body).toMatchObject({
      id: "c1",
      offeringId: "laptops",
      needId: "need-0",
      amount: 4,
      unit: "devices",
      status: "proposed",
    });
    expect(c.body.history).toEqual([{ status: "proposed", by: "dana@atlas", at: c.body.createdAt }]);
    expect(await offering(mapId)).toMatchObject({ committed: 4, status: "available" });
    expect((await need(mapId, 0)).status).toBe("partially_met");

    await call(app, "POST", `/api/maps/${mapId}/commitments`, { offeringId: "laptops", needId: "need-0", amount: 2 });
    expect((await need(mapId, 0)).status).toBe("met");
    await call(app, "POST", `/api/maps/${mapId}/commitments`, { offeringId: "laptops", needId: "need-1", amount: 4 });
    expect(await offering(mapId)).toMatchObject({ committed: 10, status: "committed" });
  });

  it("refuses what would exceed the remaining capacity with 409 and changes nothing", async () => {
    const mapId = await setup(5, 2, 10);
    await call(app, "POST", `/api/maps/${mapId}/commitments`, { offeringId: "laptops", needId: "need-0", amount: 3 });
    const before = (await call(app, "GET", `/api/maps/${mapId}`)).body.version;
    const over = await call(app, "POST", `/api/maps/${mapId}/commitments`, {
      offeringId: "laptops",
      needId: "need-1",
      amount: 3,
    });
    expect(over.status).toBe(409);
    expect(over.body.message).toBe("Offering 'laptops' has 2 of 5 left; committing 3 would exceed its capacity");
    expect((await offering(mapId)).committed).toBe(3);
    expect((await need(mapId, 1)).status).toBe("open");
    expect((await call(app, "GET", `/api/maps/${mapId}`)).body.version).toBe(before);
  });

  it("refuses with 409 a commitment between an offering and a need of different units, naming both", async () => {
    const mapId = await setup(10, 1, 6);
    await call(app, "POST", `/api/maps/${mapId}/actors`, { id: "school-x", name: "School X", type: "school" });
    const hours = await call(app, "POST", `/api/maps/${mapId}/needs`, {
      id: "repair-hours",
      actorId: "school-x",
      category: "technology/devices",
      title: "Hours of device repair",
      quantity: 6,
      unit: "hours",
      priority: "high",
    });
    expect(hours.body.unit).toBe("hours");
    const before = (await call(app, "GET", `/api/maps/${mapId}`)).body.version;
    const r = await call(app, "POST", `/api/maps/${mapId}/commitments`, {
      offeringId: "laptops",
      needId: "repair-hours",
      amount: 2,
    });
    expect(r.status).toBe(409);
    expect(r.body.message).toBe(
      "Offering 'laptops' counts in devices and need 'repair-hours' in hours: a commitment cannot turn one unit into another",
    );
    expect((await offering(mapId)).committed).toBe(0);
    expect((await call(app, "GET", `/api/maps/${mapId}`)).body.version).toBe(before);
    // The unit travels with the commitment through a status change and an export.
    const ok = await call(app, "POST", `/api/maps/${mapId}/commitments`, {
      id: "ok",
      offeringId: "laptops",
      needId: "need-0",
      amount: 2,
    });
    const moved = await call(app, "PATCH", `/api/maps/${mapId}/commitments/${ok.body.id}`, { status: "contacted" });
    expect(moved.body).toMatchObject({ status: "contacted", unit: "devices" });
    const exported = await call(app, "GET", `/api/maps/${mapId}/export?format=json`);
    expect(exported.body.commitments).toEqual([expect.objectContaining({ id: "ok", unit: "devices", amount: 2 })]);

    // While "ok" holds 2 devices, neither of its items may change unit; once it is cancelled, they may.
    const offeringToHours = await call(app, "PATCH", `/api/maps/${mapId}/offerings/laptops`, { unit: "hours" });
    expect(offeringToHours.status).toBe(409);
    expect(offeringToHours.body.message).toBe(
      "Offering 'laptops' has 1 active commitment(s) in devices: cancel them before changing its unit",
    );
    expect((await call(app, "PATCH", `/api/maps/${mapId}/needs/need-0`, { unit: "hours" })).status).toBe(409);
    expect((await offering(mapId)).unit).toBe("devices");
    await call(app, "PATCH", `/api/maps/${mapId}/commitments/ok`, { status: "cancelled" });
    const afterCancel = await call(app, "PATCH", `/api/maps/${mapId}/needs/need-0`, { unit: "hours" });
    expect(afterCancel.status).toBe(200);
    expect(afterCancel.body.unit).toBe("hours");
  });

  it("refuses an imported commitment whose offering and need count in different units", async () => {
    const mapId = await setup(10, 1, 6);
    const r = await call(app, "POST", `/api/maps/${mapId}/import`, {
      actors: [{ id: "org", name: "Org", type: "nonprofit" }],
      needs: [
        {
          id: "meals",
          actorId: "org",
          category: "food",
          title: "Lunches",
          quantity: 5,
          priority: "low",
        },
      ],
      commitments: [{ id: "x", offeringId: "laptops", needId: "meals", amount: 1, status: "proposed" }],
    });
    expect(r.status).toBe(409);
    expect(r.body.message).toBe(
      "Commitment 'x': offering 'laptops' counts in devices and need 'meals' in meals; a commitment needs one unit",
    );
    expect((await call(app, "GET", `/api/maps/${mapId}/needs/meals`)).status).toBe(404);
  });

  it("names unknown or invalid references and bad bodies", async () => {
    const mapId = await setup(5, 1, 2);
    const unknown = await call(app, "POST", `/api/maps/${mapId}/commitments`, {
      offeringId: "nope",
      needId: "gone",
      amount: 1,
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.issues).toEqual([
      { field: "offeringId", message: "unknown offering 'nope'" },
      { field: "needId", message: "unknown need 'gone'" },
    ]);
    const bad = await call(app, "POST", `/api/maps/${mapId}/commitments`, {
      offeringId: "laptops",
      needId: "need-0",
      amount: 0,
      status: "declined",
    });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { field: string }) => i.field).sort()).toEqual(["amount", "status"]);
    await call(app, "POST", `/api/maps/${mapId}/needs`, {
      id: "own",
      actorId: "firm",
      category: "technology/devices",
      title: "Own",
      quantity: 1,
      priority: "low",
    });
    const own = await call(app, "POST", `/api/maps/${mapId}/commitments`, {
      offeringId: "laptops",
      needId: "own",
      amount: 1,
    });
    expect(own.status).toBe(400);
    expect(own.body.issues[0].field).toBe("needId");
    expect((await call(app, "GET", `/api/maps/${mapId}/commitments/none`)).status).toBe(404);
    expect((await call(app, "GET", `/api/maps/missing-map/commitments`)).status).toBe(404);
  });

  it("follows its lifecycle with who and when, and declining frees capacity", async () => {
    const mapId = await setup(5, 2, 5);
    const created = await call(app, "POST", `/api/maps/${mapId}/commitments`, {
      id: "life",
      offeringId: "laptops",
      needId: "need-0",
      amount: 5,
    });
    expect(created.status).toBe(201);
    const url = `/api/maps/${mapId}/commitments/life`;
    expect((await call(app, "PATCH", url, { status: "contacted", by: "sam" })).body.status).toBe("contacted");
    const accepted = await call(app, "PATCH", url, { status: "accepted", by: "lee", note: "Pick-up on Friday" });
    expect(accepted.body.history.map((h: { status: string; by: string }) => `${h.status}:${h.by}`)).toEqual([
      "proposed:anonymous",
      "contacted:sam",
      "accepted:lee",
    ]);
    expect(accepted.body.history[2].note).toBe("Pick-up on Friday");
    const back = await call(app, "PATCH", url, { status: "proposed" });
    expect(back.status).toBe(409);
    expect(back.body.message).toContain("can move to delivered, cancelled");
    expect((await call(app, "PATCH", url, { status: "lost" })).status).toBe(400);

    // Another school cannot get what is committed; cancelling frees it.
    expect(
      (
        await call(app, "POST", `/api/maps/${mapId}/commitments`, {
          offeringId: "laptops",
          needId: "need-1",
          amount: 1,
        })
      ).status,
    ).toBe(409);
    expect((await call(app, "PATCH", url, { status: "cancelled", by: "lee" })).body.status).toBe("cancelled");
    expect(await offering(mapId)).toMatchObject({ committed: 0, status: "available" });
    expect((await need(mapId, 0)).status).toBe("open");
    expect(
      (
        await call(app, "POST", `/api/maps/${mapId}/commitments`, {
          offeringId: "laptops",
          needId: "need-1",
          amount: 5,
        })
      ).status,
    ).toBe(201);
    expect((await call(app, "PATCH", url, { status: "accepted" })).status).toBe(409);

    const cancelled = await call(app, "GET", `/api/maps/${mapId}/commitments?status=cancelled`);
    expect(cancelled.body.items.map((c: { id: string }) => c.id)).toEqual(["life"]);
    expect((await call(app, "GET", `/api/maps/${mapId}/commitments?actorId=school-1`)).body.total).toBe(1);
  });

  it("never over-commits an offering under 50 concurrent accepts", async () => {
    const capacity = 17;
    const mapId = await setup(capacity, 50, 3);
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        call(app, "POST", `/api/maps/${mapId}/commitments`, { offeringId: "laptops", needId: `need-${i}`, amount: 1 }),
      ),
    );
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(capacity);
    expect(statuses.filter((s) => s === 409)).toHaveLength(50 - capacity);
    const listed = await call(app, "GET", `/api/maps/${mapId}/commitments?limit=1000`);
    const held = listed.body.items.reduce((sum: number, c: { amount: number }) => sum + c.amount, 0);
    expect(held).toBe(capacity);
    expect(await offering(mapId)).toMatchObject({ committed: capacity, capacity, status: "committed" });
  }, 60_000);

  it("a need is deleted once its commitments are cancelled, and commitments round-trip through export", async () => {
    const mapId = await setup(8, 2, 4);
    await call(app, "POST", `/api/maps/${mapId}/commitments`, {
      id: "a",
      offeringId: "laptops",
      needId: "need-0",
      amount: 4,
    });
    await call(app, "POST", `/api/maps/${mapId}/commitments`, {
      id: "b",
      offeringId: "laptops",
      needId: "need-1",
      amount: 3,
    });
    await call(app, "PATCH", `/api/maps/${mapId}/commitments/b`, { status: "declined", by: "school" });
    const exported = (await call(app, "GET", `/api/maps/${mapId}/export`)).body;
    expect(exported.commitments.map((c: { id: string; status: string }) => `${c.id}:${c.status}`)).toEqual([
      "a:proposed",
      "b:declined",
    ]);
    const copy = await newMap(app, "commit-copy");
    expect((await call(app, "POST", `/api/maps/${copy}/import`, exported)).body.commitments).toBe(2);
    expect((await call(app, "GET", `/api/maps/${copy}/export`)).body).toEqual(exported);
    expect((await call(app, "GET", `/api/maps/${copy}/offerings/laptops`)).body.committed).toBe(4);

    // 'a' still holds 4: the need is not deleted from under it (409) until it is cancelled.
    expect((await call(app, "DELETE", `/api/maps/${mapId}/needs/need-0`)).status).toBe(409);
    expect(await offering(mapId)).toMatchObject({ committed: 4 });
    await call(app, "PATCH", `/api/maps/${mapId}/commitments/a`, { status: "cancelled", by: "school" });
    expect((await call(app, "DELETE", `/api/maps/${mapId}/needs/need-0`)).status).toBe(204);
    expect(await offering(mapId)).toMatchObject({ committed: 0, status: "available" });
    expect((await call(app, "GET", `/api/maps/${mapId}/commitments/a`)).status).toBe(404);
  });
});
