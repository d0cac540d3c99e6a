import { describe, expect, it } from "vitest";
import { Bundle } from "../../server/schemas/domain";
import { generateEcosystem, SYNTHETIC_CATEGORIES } from "../../server/analysis";

describe("generateEcosystem", () => {
  const eco = generateEcosystem({ actors: 2000, seed: 3 });

  it("produces a valid import bundle", () => {
    expect(() => Bundle.parse(eco)).not.toThrow();
    expect(eco.categories).toHaveLength(SYNTHETIC_CATEGORIES.length);
    const ids = new Set(eco.categories.map((c) => c.id));
    for (const c of eco.categories) if (c.parent) expect(ids.has(c.parent)).toBe(true);
  });

  it("is deterministic for a seed", () => {
    expect(generateEcosystem({ actors: 2000, seed: 3 })).toEqual(eco);
    expect(generateEcosystem({ actors: 2000, seed: 4 }).relationships).not.toEqual(eco.relationships);
  });

  it("holds about relationshipsPerActor ties per actor, without self-loops or repeated pairs", () => {
    expect(eco.actors).toHaveLength(2000);
    expect(eco.relationships.length).toBeGreaterThan(2000 * 5 * 0.9);
    expect(eco.relationships.length).toBeLessThan(2000 * 5 * 1.1);
    const pairs = new Set<string>();
    for (const r of eco.relationships) {
      expect(r.from).not.toBe(r.to);
      const key = [r.from, r.to].sort().join(" ");
      expect(pairs.has(key)).toBe(false);
      pairs.add(key);
    }
  });

  it("has heavy-tailed degrees, regions, needs and offerings on known actors", () => {
    const degree = new Map<string, number>();
    for (const r of eco.relationships) {
      degree.set(r.from, (degree.get(r.from) ?? 0) + 1);
      degree.set(r.to, (degree.get(r.to) ?? 0) + 1);
    }
    const max = Math.max(...degree.values());
    expect(max).toBeGreaterThan(10 * ((2 * eco.relationships.length) / eco.actors.length));
    expect(new Set(eco.actors.map((a) => a.location?.region).filter(Boolean)).size).toBe(4);
    const actorIds = new Set(eco.actors.map((a) => a.id));
    expect(eco.needs.length).toBeGreaterThan(0);
    expect(eco.offerings.length).toBeGreaterThan(0);
    for (const item of [...eco.needs, ...eco.offerings]) expect(actorIds.has(item.actorId)).toBe(true);
  });
});
