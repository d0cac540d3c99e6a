// Same data, same answer: the sample ecosystem imported twice, once as written and once with every list shuffled
// by a fixed permutation, gives identical figures from services whose caches start empty, so nothing is reused
// from one map or one computation to the other.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeCentrality } from "../../server/analysis/centrality";
import { createRng } from "../../server/analysis/random";
import { pathSummary } from "../../server/analysis/summary";
import type { App } from "../../server/app";
import {
  CentralityQuery,
  CommunitiesQuery,
  FundingQuery,
  GapsQuery,
  NetworkSummaryQuery,
  StructureQuery,
} from "../../server/schemas/analysis";
import { AllocationRequest, MatchesQuery } from "../../server/schemas/matching";
import { loadSample } from "../../server/seed";
import { AnalysisService } from "../../server/services/analysis";
import { MapCache } from "../../server/services/map-cache";
import { MatchingService } from "../../server/services/matching";
import { buildTestApp, uniqueId } from "../helpers/app";

let app: App;
const ids = { asWritten: "", shuffled: "" };

/** Fisher-Yates with a seeded generator: a fixed permutation, different for each seed. */
function shuffled<T>(list: readonly T[], seed: number): T[] {
  const out = [...list];
  const rng = createRng(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

beforeAll(async () => {
  app = await buildTestApp();
  const sample = loadSample();
  const { bundle } = sample;
  const reordered = {
    ...bundle,
    actors: shuffled(bundle.actors, 1),
    relationships: shuffled(bundle.relationships, 2),
    needs: shuffled(bundle.needs, 3),
    offerings: shuffled(bundle.offerings, 4),
  };
  // The permutation really moves things, or the test would prove nothing.
  expect(reordered.actors.map((a) => a.id)).not.toEqual(bundle.actors.map((a) => a.id));
  expect(reordered.relationships[0]).not.toEqual(bundle.relationships[0]);
  for (const [key, data] of [
    ["asWritten", bundle],
    ["shuffled", reordered],
  ] as const) {
    ids[key] = uniqueId(`same-${key}`);
    await app.store.createMap({ ...sample.map, id: ids[key] });
    await app.store.importBundle(ids[key], data);
  }
}, 60_000);
afterAll(async () => {
  for (const id of Object.values(ids)) if (id) await app.store.deleteMap(id);
  await app.close();
});

/** Services with an empty cache of their own: every answer below is computed, not served from a cache. */
function freshServices() {
  const cache = new MapCache(app.store);
  const analysis = new AnalysisService(cache);
  return { analysis, matching: new MatchingService(app.store, cache, analysis) };
}

/** A partition as a canonical value: members sorted, communities sorted, whatever each community is called. */
function partition(membership: Record<string, number>): string[][] {
  const groups = new Map<number, string[]>();
  for (const [node, c] of Object.entries(membership)) groups.set(c, [...(groups.get(c) ?? []), node]);
  return [...groups.values()].map((g) => g.sort()).sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/**
 * Both maps through fresh services. Only `mapVersion` (each map counts its own writes) and the solver's time in
 * milliseconds may differ.
 */
async function both<T>(compute: (s: ReturnType<typeof freshServices>, mapId: string) => Promise<T>) {
  const strip = (value: T) =>
    JSON.parse(JSON.stringify(value, (k, v) => (k === "mapVersion" || k === "solveMs" ? undefined : v)));
  const a = await compute(freshServices(), ids.asWritten);
  const b = await compute(freshServices(), ids.shuffled);
  return [strip(a), strip(b)] as const;
}

describe("the same map imported in two orders", () => {
  it("gives identical centrality, directed and undirected, weighted and not", async () => {
    for (const q of [{}, { directed: "true" }, { weighted: "false" }]) {
      const query = CentralityQuery.parse({ ...q, limit: "1000" });
      const [a, b] = await both((s, id) => s.analysis.centrality(id, query));
      expect(a.actors).toHaveLength(90);
      expect(a).toEqual(b);
    }
  });

  it("gives the same communities, up to their naming, with the same modularity", async () => {
    for (const q of [{}, { weighted: "false" }, { resolution: "1.5" }, { directed: "true" }]) {
      const query = CommunitiesQuery.parse(q);
      const [a, b] = await both((s, id) => s.analysis.communities(id, query));
      expect(a.communities.length).toBeGreaterThan(2);
      expect(a.modularity).toBe(b.modularity);
      expect(partition(a.membership)).toEqual(partition(b.membership));
    }
  });

  it("gives identical structure, gaps, summary and funding", async () => {
    const [sa, sb] = await both((s, id) => s.analysis.structure(id, StructureQuery.parse({})));
    expect(sa.brokers.length).toBeGreaterThan(0);
    expect(sa).toEqual(sb);
    const gapsQuery = GapsQuery.parse({ asOf: "2026-03-01" });
    const [ga, gb] = await both((s, id) => s.analysis.gaps(id, gapsQuery));
    expect(ga.underServed.length).toBeGreaterThan(0);
    expect(ga).toEqual(gb);
    const [na, nb] = await both((s, id) => s.analysis.summary(id, NetworkSummaryQuery.parse({})));
    expect(na.components.count).toBeGreaterThan(0);
    expect(na).toEqual(nb);
    // The large-map path: 90 actors above a threshold of 10, so paths, betweenness and closeness come from a
    // seeded sample of 16 sources.
    const [pa, pb] = await both(async (s, id) => {
      const entry = { snapshot: await s.analysis.cache.snapshot(id), results: new Map() };
      const graph = s.analysis.cache.graph(entry, { directed: false, weighted: true });
      const sampled = { threshold: 10, k: 16 };
      return {
        ...pathSummary(graph, sampled),
        centrality: computeCentrality(graph, { ...sampled, metrics: ["betweenness", "closeness"] }),
      };
    });
    expect(pa.approximate).toBe(true);
    expect(pa.centrality.betweenness.approximate).toBe(true);
    expect(pa).toEqual(pb);
    const [fa, fb] = await both((s, id) => s.analysis.funding(id, FundingQuery.parse({})));
    expect(fa.ties.length).toBe(44);
    expect(fa).toEqual(fb);
  });

  it("gives identical matches for several needs and an identical allocation", async () => {
    const needIds = loadSample()
      .bundle.needs.map((n) => n.id)
      .sort()
      .filter((_, i) => i % 15 === 0);
    expect(needIds.length).toBeGreaterThanOrEqual(10);
    const query = MatchesQuery.parse({ limit: "20" });
    const [ma, mb] = await both((s, id) => Promise.all(needIds.map((n) => s.matching.needMatches(id, n, query))));
    expect(ma.some((m: { candidates: unknown[] }) => m.candidates.length > 0)).toBe(true);
    expect(ma).toEqual(mb);
    const [aa, ab] = await both((s, id) => s.matching.allocation(id, AllocationRequest.parse({})));
    expect(aa.totalAssigned).toBeGreaterThan(0);
    expect(aa).toEqual(ab);
  }, 60_000);
});
