import { describe, expect, it } from "vitest";
import {
  buildPlan,
  dropHiddenMatches,
  pseudonymCode,
  redact,
  unredact,
  type PrivacySource,
} from "../../server/privacy";

const KEY = "3f1c2a7e-0000-4000-8000-000000000001";

function source(overrides: Partial<PrivacySource> = {}): PrivacySource {
  return {
    key: KEY,
    version: 7,
    redactedTypes: ["family", "individual"],
    actors: [
      {
        id: "family-garcia",
        name: "Garcia Family",
        type: "family",
        location: { lat: 44.91, lon: -93.1, region: "Eastside" },
      },
      {
        id: "school-a",
        name: "Eastside School",
        type: "school",
        location: { lat: 44.95, lon: -93.05, region: "Eastside" },
      },
      {
        id: "clinic",
        name: "Eastside Clinic",
        type: "health_provider",
        location: { lat: 44.96, lon: -93.02, region: "Eastside" },
      },
      { id: "funder-x", name: "Quiet Trust", type: "funder", sensitive: true, location: { lat: 45.2, lon: -93.3 } },
    ],
    needs: [
      { id: "garcia-laptops", actorId: "family-garcia" },
      { id: "school-books", actorId: "school-a" },
    ],
    offerings: [{ id: "clinic-checkups", actorId: "clinic" }],
    relationships: [
      { id: "tie-1", from: "family-garcia", to: "school-a" },
      { id: "tie-2", from: "school-a", to: "clinic" },
    ],
    commitments: [{ id: "garcia-gets-checkups", needId: "garcia-laptops", offeringId: "clinic-checkups" }],
    ...overrides,
  };
}

describe("pseudonyms", () => {
  it("are stable for a key, differ between keys and kinds, and use five base32 characters", () => {
    const code = pseudonymCode(KEY, "actor", "family-garcia");
    expect(code).toMatch(/^[A-Z2-7]{5}$/);
    expect(pseudonymCode(KEY, "actor", "family-garcia")).toBe(code);
    expect(pseudonymCode("another-key", "actor", "family-garcia")).not.toBe(code);
    expect(pseudonymCode(KEY, "need", "family-garcia")).not.toBe(code);
  });

  it("name protected actors by type and code, and give their items pseudonym ids", () => {
    const plan = buildPlan(source());
    const code = pseudonymCode(KEY, "actor", "family-garcia");
    expect(plan.ids.get("family-garcia")).toBe(`anon-${code}`);
    expect(plan.names.get("family-garcia")).toBe(`Family ${code}`);
    expect(plan.ids.get("funder-x")).toBe(`anon-${pseudonymCode(KEY, "actor", "funder-x")}`);
    expect(plan.names.get("funder-x")).toMatch(/^Funder [A-Z2-7]{5}$/);
    expect(plan.ids.get("garcia-laptops")).toBe(`anon-${pseudonymCode(KEY, "need", "garcia-laptops")}`);
    expect(plan.ids.get("tie-1")).toMatch(/^anon-/);
    expect(plan.ids.get("garcia-gets-checkups")).toMatch(/^anon-/);
    // Nothing of the unprotected actors.
    for (const id of ["school-a", "clinic", "school-books", "clinic-checkups", "tie-2"])
      expect(plan.ids.has(id)).toBe(false);
    expect(plan.reverse.get(plan.ids.get("family-garcia")!)).toBe("family-garcia");
  });

  it("follow the map's protected types: none protected leaves only sensitive actors", () => {
    const plan = buildPlan(source({ redactedTypes: [] }));
    expect([...plan.names.keys()]).toEqual(["funder-x"]);
  });
});

describe("redact", () => {
  const plan = buildPlan(source());
  const fam = plan.ids.get("family-garcia")!;
  const famName = plan.names.get("family-garcia")!;

  it("hides a protected actor's name, free text, contacts and exact position", () => {
    const actor = {
      id: "family-garcia",
      name: "Garcia Family",
      type: "family",
      description: "Call Maria on 555-0100",
      tags: ["newcomers"],
      location: { lat: 44.91, lon: -93.1, address: "12 Elm St", region: "Eastside" },
      attributes: { phone: "555-0100" },
      url: "https://garcia.example",
      createdAt: "2024-01-01T00:00:00.000Z",
    };
    const out = redact(actor, plan);
    // The centre of Eastside's three actors, to three decimals.
    expect(out).toEqual({
      id: fam,
      name: famName,
      type: "family",
      description: "",
      tags: ["newcomers"],
      location: { lat: 44.94, lon: -93.057, region: "Eastside" },
      attributes: {},
      createdAt: "2024-01-01T00:00:00.000Z",
    });
    expect(actor.name).toBe("Garcia Family"); // the input is never changed
  });

  it("drops the position of a protected actor whose region is too small or absent", () => {
    const out = redact({ id: "funder-x", name: "Quiet Trust", location: { lat: 45.2, lon: -93.3 } }, plan);
    expect(out).toEqual({ id: plan.ids.get("funder-x"), name: plan.names.get("funder-x") });
  });

  it("replaces ids wherever they stand and names inside any string, in any case", () => {
    const payload = {
      relationships: [{ id: "tie-1", from: "family-garcia", to: "school-a" }],
      needs: [
        { id: "garcia-laptops", actorId: "family-garcia", title: "Laptops for the GARCIA FAMILY", description: "x" },
      ],
      scores: { "family-garcia": 0.5, "school-a": 0.2 },
      message: "Actor 'family-garcia' is tied to Eastside School; the garcia family asked.",
      path: ["school-a", "family-garcia"],
    };
    const out = redact(payload, plan);
    expect(out.relationships[0]).toEqual({ id: plan.ids.get("tie-1"), from: fam, to: "school-a" });
    expect(out.needs[0]).toEqual({
      id: plan.ids.get("garcia-laptops"),
      actorId: fam,
      title: `Laptops for the ${famName}`,
      description: "",
    });
    expect(out.scores).toEqual({ [fam]: 0.5, "school-a": 0.2 });
    expect(out.message).toBe(`Actor '${fam}' is tied to Eastside School; the ${famName} asked.`);
    expect(out.path).toEqual(["school-a", fam]);
    const text = JSON.stringify(out).toLowerCase();
    expect(text).not.toContain("garcia");
  });

  it("drops the notes of commitments on a protected actor's items", () => {
    const c = {
      id: "garcia-gets-checkups",
      needId: "garcia-laptops",
      offeringId: "clinic-checkups",
      history: [{ status: "proposed", by: "staff", at: "2024-01-01T00:00:00.000Z", note: "ring 555-0100" }],
    };
    expect(redact(c, plan)).toEqual({
      id: plan.ids.get("garcia-gets-checkups"),
      needId: plan.ids.get("garcia-laptops"),
      offeringId: "clinic-checkups",
      history: [{ status: "proposed", by: "staff", at: "2024-01-01T00:00:00.000Z" }],
    });
  });

  it("returns data about nobody protected as the very same objects", () => {
    const payload = {
      actors: [{ id: "school-a", name: "Eastside School", description: "A school", location: { lat: 1, lon: 2 } }],
      counts: [1, 2, 3],
    };
    expect(redact(payload, plan)).toBe(payload);
    const nobody = buildPlan(source({ redactedTypes: [], actors: source().actors.slice(0, 3) }));
    const garcia = { id: "family-garcia", name: "Garcia Family" };
    expect(redact(garcia, nobody)).toBe(garcia);
  });

  it("finds short names only as whole words", () => {
    const p = buildPlan(
      source({
        actors: [{ id: "person-7", name: "Al", type: "individual" }],
        needs: [],
        offerings: [],
        relationships: [],
        commitments: [],
      }),
    );
    const out = redact({ text: "Almond trees and Alma; ask Al." }, p);
    expect(out.text).toBe(`Almond trees and Alma; ask ${p.names.get("person-7")}.`);
  });

  it("keeps the previous version's entries, for data read just before a write", () => {
    const renamed = buildPlan(
      source({
        version: 8,
        actors: source().actors.map((a) => (a.id === "family-garcia" ? { ...a, name: "Lopez Family" } : a)),
      }),
      plan,
    );
    const out = redact({ a: "Garcia Family", b: "Lopez Family" }, renamed);
    expect(out).toEqual({ a: famName, b: famName });
  });

  it("shows an actor made public at once", () => {
    const opened = buildPlan(source({ version: 8, redactedTypes: [] }), plan);
    const garcia = { id: "family-garcia", name: "Garcia Family" };
    expect(redact(garcia, opened)).toBe(garcia);
    expect(opened.ids.has("garcia-laptops")).toBe(false);
  });
});

describe("reading pseudonyms back and searching", () => {
  const plan = buildPlan(source());
  const fam = plan.ids.get("family-garcia")!;

  it("turns pseudonym ids back into real ids", () => {
    expect(unredact({ needIds: [plan.ids.get("garcia-laptops"), "school-books"], actorId: fam }, plan)).toEqual({
      needIds: ["garcia-laptops", "school-books"],
      actorId: "family-garcia",
    });
  });

  it("leaves out protected results a search found only in hidden text", () => {
    const page = redact(
      {
        items: [
          { id: "family-garcia", name: "Garcia Family", tags: [] },
          { id: "school-a", name: "Eastside School", tags: [] },
        ],
        total: 2,
        limit: 100,
        offset: 0,
      },
      plan,
    );
    expect(dropHiddenMatches(page, "garcia", plan)).toEqual({
      items: [{ id: "school-a", name: "Eastside School", tags: [] }],
      total: 1,
      limit: 100,
      offset: 0,
    });
    // Found by its pseudonym, it stays.
    expect(dropHiddenMatches(page, "family", plan).items).toHaveLength(2);
  });
});
