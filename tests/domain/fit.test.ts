import { describe, expect, it } from "vitest";
import { assessFit, reachVerdict, type FitNeed, type FitOffering } from "../../server/domain/fit";
import { categoryRelation } from "../../server/domain/taxonomy";
import { formatAmount, isUnit, unitFromText } from "../../server/domain/units";

const need: FitNeed = { category: "technology/devices", unit: "devices", status: "open" };
const laptops: FitOffering = {
  category: "technology/devices",
  unit: "devices",
  status: "available",
  modality: "in_person",
  reachKm: 20,
};
const on = (offering: FitOffering, distanceKm: number | null = 5, sameRegion = true, date = "2026-12-03") =>
  assessFit(need, offering, {
    date,
    relation: categoryRelation(offering.category, need.category),
    distanceKm,
    sameRegion,
  });

describe("the fit rule", () => {
  it("fits the same category, a more specific one, or a general offering of an ancestor", () => {
    expect(on(laptops)).toEqual({ fits: true, relation: "same", misfits: [], nearMiss: false });
    expect(on({ ...laptops, category: "technology/devices/tablets" }).fits).toBe(true);
    expect(on({ ...laptops, category: "technology" }).relation).toBe("broader");
    expect(on({ ...laptops, category: "technology" }).fits).toBe(true);
  });

  it("refuses a sibling category as a near miss and an unrelated one outright", () => {
    const sibling = on({ ...laptops, category: "technology/connectivity" });
    expect(sibling).toMatchObject({ fits: false, misfits: ["sibling_category"], nearMiss: true });
    const unrelated = on({ ...laptops, category: "food" });
    expect(unrelated).toMatchObject({ fits: false, misfits: ["unrelated_category"], nearMiss: false });
  });

  it("never fits across units", () => {
    expect(on({ ...laptops, unit: "USD" })).toMatchObject({ fits: false, misfits: ["other_unit"], nearMiss: true });
  });

  it("counts an offering only inside its validity window", () => {
    const nextYear = on({ ...laptops, validFrom: "2027-09-01" });
    expect(nextYear).toMatchObject({ fits: false, misfits: ["not_yet_available"] });
    expect(on({ ...laptops, validUntil: "2026-06-30" }).misfits).toEqual(["expired"]);
    expect(on({ ...laptops, validFrom: "2026-01-01", validUntil: "2026-12-03" }).fits).toBe(true);
    expect(on({ ...laptops, status: "exhausted" }).misfits).toEqual(["offering_unavailable"]);
  });

  it("serves only open needs", () => {
    expect(
      assessFit({ ...need, status: "met" }, laptops, {
        date: "2026-12-03",
        relation: "same",
        distanceKm: 1,
        sameRegion: true,
      }).misfits,
    ).toEqual(["need_not_open"]);
  });

  it("handles reach and missing locations one way", () => {
    expect(on(laptops, 25).misfits).toEqual(["out_of_reach"]);
    expect(reachVerdict({ modality: "remote", reachKm: 5 }, 500, false)).toBe("reaches");
    expect(reachVerdict({ modality: "both", reachKm: 5 }, null, false)).toBe("reaches");
    expect(reachVerdict({ modality: "in_person", reachKm: null }, 900, false)).toBe("reaches");
    expect(reachVerdict({ modality: "in_person", reachKm: 10 }, null, true)).toBe("reaches");
    expect(reachVerdict({ modality: "in_person", reachKm: 10 }, null, false)).toBe("location_unknown");
  });
});

describe("units", () => {
  it("knows the controlled list and ISO 4217 currencies", () => {
    expect(isUnit("devices")).toBe(true);
    expect(isUnit("USD")).toBe(true);
    expect(isUnit("usd")).toBe(false);
    expect(isUnit("laptops")).toBe(false);
    expect(isUnit("XYZ")).toBe(false);
  });

  it("maps what people write to the list", () => {
    expect(unitFromText("laptops")).toBe("devices");
    expect(unitFromText("hotspots")).toBe("devices");
    expect(unitFromText("hours/week")).toBe("hours");
    expect(unitFromText("USD")).toBe("USD");
    expect(unitFromText("$")).toBe("USD");
    expect(unitFromText("backpacks/week")).toBe("kits");
    expect(unitFromText("students/day")).toBe("people");
    expect(unitFromText("scholarships")).toBe("places");
    expect(unitFromText("meals/day")).toBe("meals");
    expect(unitFromText("field days")).toBe("sessions");
    expect(unitFromText("widgets")).toBeUndefined();
    expect(unitFromText("")).toBeUndefined();
  });

  it("writes amounts with their unit", () => {
    expect(formatAmount(30, "devices")).toBe("30 devices");
    expect(formatAmount(1, "places")).toBe("1 place");
    expect(formatAmount(5000, "USD")).toBe("USD 5,000");
  });
});
