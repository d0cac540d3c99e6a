// Units on the way in: what files write is mapped to the list, and where a unit is assumed the report says so, item by
// item; the JSON bundle, Atlas's own format, must name a unit from the list or none.
import { describe, expect, it } from "vitest";
import { importers } from "../../server/formats";
import { ok } from "./helpers";

const file = (name: string, text: string) => ({ name, data: Buffer.from(text) });
const unitWarnings = (result: { report: { issues: { level: string; code: string; message: string }[] } }) =>
  result.report.issues.filter((i) => i.code === "unit_assumed").map((i) => i.message);

// The map's categories and their default units, as the import route hands them over.
const categoryUnits = { technology: "devices", food: "meals", "food/family": "kits", funding: "USD" };

describe("units in imports", () => {
  it("CSV: maps what people write, and counts unmapped or missing units in the category's default, saying so", async () => {
    const needs = [
      "id,actorId,category,title,quantity,unit,priority",
      "n1,a,technology/devices,Laptops,30,laptops,high", // laptops -> devices
      "n2,a,food/family,Hampers,12,bags,low", // bags names nothing: food/family's default, kits
      "n3,a,food/school_meals,Lunches,40,,low", // none: food/school_meals has no unit, food counts meals
      "n4,a,funding/grants,Grant,5000,$,low", // $ -> USD
      "n5,a,gadgets,Gizmos,2,,low", // none, and no default above it: items
    ].join("\n");
    const result = await importers.csv({
      files: [file("actors.csv", "id,name,type\na,A,school\n"), file("needs.csv", needs)],
      options: {
        categoryUnits,
        known: { categories: ["technology/devices", "food/family", "food/school_meals", "funding/grants", "gadgets"] },
      },
    });
    const bundle = ok(result);
    expect(Object.fromEntries(bundle.needs.map((n) => [n.id, n.unit]))).toEqual({
      n1: "devices",
      n2: "kits",
      n3: "meals",
      n4: "USD",
      n5: "items",
    });
    expect(unitWarnings(result)).toEqual([
      "unit 'bags' is none of devices, hours, sessions, meals, people, places, kits, items or a currency: 'n2' is counted in kits, the default of category food/family",
      "no unit given: 'n3' is counted in meals, the default of category food",
      "no unit given: 'n5' is counted in items, as no category above it has a default unit",
    ]);
    // Each names the row and column it is about: n2 is on line 3 of needs.csv.
    expect(result.report.issues.find((i) => i.message.includes("'n2'"))).toMatchObject({
      level: "warning",
      file: "needs.csv",
      row: 3,
      column: "unit",
    });
  });

  it("CSV: the import's own categories give their default units before the map's", async () => {
    const result = await importers.csv({
      files: [
        file("categories.csv", "id,name,unit\nrobotics,Robotics,kits\n"),
        file("actors.csv", "id,name,type\na,A,school\n"),
        file("offerings.csv", "id,actorId,category,title,capacity,modality\no1,a,robotics,Robot kits,4,remote\n"),
      ],
      options: { categoryUnits },
    });
    const bundle = ok(result);
    expect(bundle.categories).toEqual([{ id: "robotics", name: "Robotics", unit: "kits" }]);
    expect(bundle.offerings[0]!.unit).toBe("kits");
    expect(unitWarnings(result)).toEqual(["no unit given: 'o1' is counted in kits, the default of category robotics"]);
  });

  it("JSON bundle: an invalid unit is an error naming the item's field; a missing one is assumed and reported", async () => {
    const bundle = {
      actors: [{ id: "a", name: "A", type: "school" }],
      needs: [
        { id: "n1", actorId: "a", category: "food", title: "Lunches", quantity: 3, priority: "low", unit: "laptops" },
      ],
    };
    const refused = await importers.json({ files: [file("bundle.json", JSON.stringify(bundle))] });
    expect(refused.bundle).toBeNull();
    expect(refused.report.issues).toMatchObject([{ level: "error", field: "needs.0.unit", file: "bundle.json" }]);
    expect(refused.report.issues[0]!.message).toMatch(/^needs\.0\.unit: must be one of devices, hours/);

    delete (bundle.needs[0] as { unit?: string }).unit;
    const result = await importers.json({
      files: [file("bundle.json", JSON.stringify(bundle))],
      options: { categoryUnits },
    });
    expect(ok(result).needs[0]!.unit).toBe("meals");
    expect(result.report.issues).toMatchObject([
      {
        level: "warning",
        code: "unit_assumed",
        field: "needs[0].unit",
        message: "no unit given: 'n1' is counted in meals, the default of category food",
      },
    ]);
  });

  it("JSON bundle: refuses a commitment between an offering and a need of different units", async () => {
    const bundle = {
      actors: [
        { id: "a", name: "A", type: "school" },
        { id: "b", name: "B", type: "business" },
      ],
      needs: [{ id: "n", actorId: "a", category: "food", title: "Lunch", quantity: 3, priority: "low", unit: "meals" }],
      offerings: [
        { id: "o", actorId: "b", category: "food", title: "Cash", capacity: 9, unit: "EUR", modality: "remote" },
      ],
      commitments: [{ id: "c", offeringId: "o", needId: "n", amount: 1, status: "proposed" }],
    };
    const result = await importers.json({ files: [file("bundle.json", JSON.stringify(bundle))] });
    expect(result.bundle).toBeNull();
    expect(result.report.issues).toMatchObject([
      {
        level: "error",
        field: "commitments[0].offeringId",
        message: "offering 'o' counts in EUR and need 'n' in meals; a commitment needs one unit",
      },
    ]);
  });

  it("HSDS: a service's stated capacity and its unit (HSDS 3.1), else 1 in the category's default", async () => {
    const org = {
      id: "8b0f6a6e-1c1d-4f4f-9a52-2f7a4f0a0001",
      name: "Northside Help",
      description: "Help desk",
      services: [
        {
          id: "8b0f6a6e-1c1d-4f4f-9a52-2f7a4f0a0011",
          name: "Food pantry",
          status: "active",
          capacities: [{ id: "c1", maximum: 80, available: 20, unit: { id: "u1", name: "Families" } }],
        },
        {
          id: "8b0f6a6e-1c1d-4f4f-9a52-2f7a4f0a0012",
          name: "Laptop lending",
          status: "active",
          capacities: [{ id: "c2", available: 15, unit: { id: "u2", name: "Chromebooks" } }],
        },
        { id: "8b0f6a6e-1c1d-4f4f-9a52-2f7a4f0a0013", name: "School lunch program", status: "active" },
      ],
    };
    const result = await importers.hsds({
      files: [file("orgs.json", JSON.stringify([org]))],
      options: { categoryUnits },
    });
    expect(ok(result).offerings.map((o) => [o.title, o.category, o.capacity, o.unit])).toEqual([
      ["Food pantry", "food/family", 80, "people"], // maximum, in Families: people
      ["Laptop lending", "technology/devices", 15, "devices"], // no maximum: what is available
      ["School lunch program", "food/school_meals", 1, "meals"], // none stated: 1, in food's meals
    ]);
    expect(unitWarnings(result)).toEqual([
      "no unit given: '8b0f6a6e-1c1d-4f4f-9a52-2f7a4f0a0013' is counted in meals, the default of category food",
    ]);
  });
});
