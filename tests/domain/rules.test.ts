import { describe, expect, it } from "vitest";
import { assertTransition, freesCapacity, needStatusFor, offeringStatusFor } from "../../server/domain/commitments";
import { ConflictError } from "../../server/domain/errors";
import { isValidId, relationshipIds } from "../../server/domain/ids";
import { categoryLineage, categoryRelation, nearestKnownCategory, parentPath } from "../../server/domain/taxonomy";

describe("taxonomy paths", () => {
  it("walks a category up the taxonomy", () => {
    expect(parentPath("a/b/c")).toBe("a/b");
    expect(parentPath("a")).toBeNull();
    expect(categoryLineage("a/b/c")).toEqual(["a/b/c", "a/b", "a"]);
    expect(categoryLineage("a")).toEqual(["a"]);
  });

  it("falls back to the nearest category a map holds", () => {
    const known = new Set(["food", "technology"]);
    expect(nearestKnownCategory("technology/devices/laptops", known)).toBe("technology");
    expect(nearestKnownCategory("food", known)).toBe("food");
    expect(nearestKnownCategory("health/dental", known)).toBeUndefined();
  });

  it("tells how an offering's category stands to a need's", () => {
    expect(categoryRelation("technology", "technology/devices")).toBe("broader");
    expect(categoryRelation("technology/devices", "technology")).toBe("narrower");
    expect(categoryRelation("technology/internet", "technology/devices")).toBe("sibling");
    expect(categoryRelation("food", "technology/devices")).toBe("unrelated");
  });
});

describe("ids", () => {
  it("derives tie ids from their ends and type, numbered on collision, keeping given ids", () => {
    const ties = [
      { from: "a", to: "b", type: "funds" },
      { from: "a", to: "b", type: "funds" },
      { id: "a--funds--b-3", from: "x", to: "y", type: "mentors" },
      { from: "a", to: "b", type: "funds" },
    ];
    expect(relationshipIds(ties)).toEqual(["a--funds--b", "a--funds--b-2", "a--funds--b-3", "a--funds--b-4"]);
  });

  it("accepts URL-safe ids up to the length routes carry", () => {
    expect(isValidId("school-12.a_b")).toBe(true);
    expect(isValidId("-leading")).toBe(false);
    expect(isValidId("with space")).toBe(false);
    expect(isValidId("x".repeat(129))).toBe(false);
  });
});

describe("commitment lifecycle", () => {
  it("refuses moves the lifecycle does not allow, naming the allowed ones", () => {
    expect(() => assertTransition("c1", "proposed", "delivered")).toThrow(ConflictError);
    expect(() => assertTransition("c1", "proposed", "delivered")).toThrow(
      "Commitment 'c1' is proposed; it can move to contacted, accepted, declined, cancelled, not delivered",
    );
    expect(() => assertTransition("c1", "delivered", "cancelled")).toThrow("nothing (final)");
    expect(() => assertTransition("c1", "accepted", "delivered")).not.toThrow();
  });

  it("frees capacity only when a live commitment ends", () => {
    expect(freesCapacity("accepted", "cancelled")).toBe(true);
    expect(freesCapacity("proposed", "declined")).toBe(true);
    expect(freesCapacity("accepted", "delivered")).toBe(false);
  });

  it("derives statuses from amounts, keeping what a person set by hand", () => {
    expect(offeringStatusFor("available", 10, 10)).toBe("committed");
    expect(offeringStatusFor("committed", 4, 10)).toBe("available");
    expect(offeringStatusFor("exhausted", 0, 10)).toBe("exhausted");
    expect(needStatusFor("open", 30, 30)).toBe("met");
    expect(needStatusFor("open", 5, 30)).toBe("partially_met");
    expect(needStatusFor("met", 0, 30)).toBe("open");
    expect(needStatusFor("closed", 30, 30)).toBe("closed");
  });
});
