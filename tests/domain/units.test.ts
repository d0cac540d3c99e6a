// Default units from the taxonomy and the migration of free-text units, as pure functions.
import { describe, expect, it } from "vitest";
import { defaultUnitFor, FALLBACK_UNIT, isUnit, migratedUnit, unitFromText } from "../../server/domain/units";

// A small taxonomy: food counts meals, food/family kits; food/school_meals and gadgets name no unit.
const units = new Map<string, string | undefined>([
  ["food", "meals"],
  ["food/family", "kits"],
  ["food/school_meals", undefined],
  ["gadgets", undefined],
  ["broken", "laptops"], // not on the list: ignored, as if absent
]);

describe("defaultUnitFor", () => {
  it("takes the category's own unit, else its nearest ancestor's, else items", () => {
    expect(defaultUnitFor("food/family", units)).toBe("kits");
    expect(defaultUnitFor("food/family/weekend", units)).toBe("kits"); // unknown child: its parent's
    expect(defaultUnitFor("food/school_meals", units)).toBe("meals");
    expect(defaultUnitFor("gadgets", units)).toBe(FALLBACK_UNIT);
    expect(defaultUnitFor("broken", units)).toBe("items");
    expect(defaultUnitFor("nowhere/at/all", new Map())).toBe("items");
  });
});

describe("migratedUnit", () => {
  it("keeps a unit on the list, maps text, and falls back to the category's default", () => {
    expect(migratedUnit("GBP", "food", units)).toBe("GBP");
    expect(migratedUnit("hours", "food", units)).toBe("hours");
    expect(migratedUnit("laptops", "food", units)).toBe("devices");
    expect(migratedUnit("pupils", "food", units)).toBe("people");
    expect(migratedUnit("bags", "food/family", units)).toBe("kits");
    expect(migratedUnit("", "food/school_meals", units)).toBe("meals");
    expect(migratedUnit(null, "gadgets", units)).toBe("items");
    expect(migratedUnit(undefined, "food", units)).toBe("meals");
  });

  it("always gives a unit on the list, and gives it back unchanged (idempotent)", () => {
    for (const text of ["laptops", "hours/week", "$", "bags", "", "USD", "usd", "kg/week"]) {
      const once = migratedUnit(text, "food/family", units);
      expect(isUnit(once), `${text} -> ${once}`).toBe(true);
      expect(migratedUnit(once, "food/family", units)).toBe(once);
    }
    expect(unitFromText("usd")).toBe("USD");
  });
});
