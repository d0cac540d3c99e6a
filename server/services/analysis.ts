// Runs the analysis engine over map snapshots. A snapshot and every result computed from it are cached per
// map and reused until the map's version (bumped by every write) moves on.
import type { z } from "zod";
import { buildActorGraph, type ActorGraph } from "../analysis/graph";
import { computeCentrality } from "../analysis/centrality";
import { detectCommunities } from "../analysis/communities";
import { analyzeGaps } from "../analysis/gaps";
import { analyzeStructure } from "../analysis/structure";
import { buildMatchIndex, matchesForNeed, matchesForOffering } from "../matching/index";
import type { ItemText, MatchCandidate, MatchIndex } from "../matching/index";
import { suggestBridges } from "../matching/bridges";
import { planAllocation } from "../matching/allocation";
import type { AtlasStore, MapSnapshot } from "../store/atlas-store";
import type { AllocationRequest, BridgesQuery, MatchesQuery } from "../schemas/matching";
import type {
  Centrality,
  CentralityQuery,
  Communities,
  CommunitiesQuery,
  Gaps,
  GapsQuery,
  GraphQuery,
  Structure,
  StructureQuery,
} from "../schemas/analysis";

interface CacheEntry {
  snapshot: MapSnapshot;
  results: Map<string, unknown>;
}

/** Maps whose snapshots stay in memory; the least recently used one goes first. */
const MAX_CACHED_MAPS = 8;

export class AnalysisService {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(private readonly store: AtlasStore) {}

  /** The map's snapshot, reloaded only when the map changed since it was taken. */
  async snapshot(mapId: string): Promise<MapSnapshot> {
    return (await this.entry(mapId)).snapshot;
  }

  private async entry(mapId: string): Promise<CacheEntry> {
    const version = await this.store.mapVersion(mapId);
    let entry = this.cache.get(mapId);
    if (!entry || entry.snapshot.version !== version) {
      entry = { snapshot: await this.store.snapshot(mapId), results: new Map() };
    }
    this.cache.delete(mapId);
    this.cache.set(mapId, entry);
    while (this.cache.size > MAX_CACHED_MAPS) this.cache.delete(this.cache.keys().next().value!);
    return entry;
  }

  /** Computes once per map version and set of options; a failed computation is not kept. */
  private async memo<T>(
    mapId: string,
    key: string,
    compute: (snapshot: MapSnapshot, entry: CacheEntry) => T,
  ): Promise<Awaited<T>> {
    const entry = await this.entry(mapId);
    if (!entry.results.has(key)) {
      const value = compute(entry.snapshot, entry);
      entry.results.set(key, value);
      if (value instanceof Promise) value.catch(() => entry.results.delete(key));
    }
    return entry.results.get(key) as Awaited<T>;
  }

  private graphOf(entry: CacheEntry, query: z.output<typeof GraphQuery>): ActorGraph {
    const key = `graph:${JSON.stringify([query.relationshipTypes ?? null, query.directed])}`;
    if (!entry.results.has(key)) {
      entry.results.set(
        key,
        buildActorGraph(entry.snapshot.actors, entry.snapshot.relationships, {
          relationshipTypes: query.relationshipTypes,
          directed: query.directed,
        }),
      );
    }
    return entry.results.get(key) as ActorGraph;
  }

  async centrality(mapId: string, query: z.output<typeof CentralityQuery>): Promise<Centrality> {
    const metrics = query.metrics ?? [
      "degree",
      "weightedDegree",
      "betweenness",
      "closeness",
      "eigenvector",
      "pagerank",
    ];
    const key = `centrality:${JSON.stringify([query.relationshipTypes ?? null, query.directed, query.weighted, [...metrics].sort()])}`;
    const full = await this.memo(mapId, key, (snapshot, entry) => {
      const graph = this.graphOf(entry, query);
      const engineMetrics = [...new Set(metrics.map((m) => (m === "weightedDegree" ? "degree" : m)))];
      const result = computeCentrality(graph, { metrics: engineMetrics, weighted: query.weighted });
      const d = result.degree;
      const path = result.betweenness ?? result.closeness;
      const actors = snapshot.actors.map((a) => ({
        id: a.id,
        name: a.name,
        type: a.type,
        ...(metrics.includes("degree") && d
          ? {
              degree: d.degree[a.id]!,
              ...(d.inDegree ? { inDegree: d.inDegree[a.id], outDegree: d.outDegree![a.id] } : {}),
            }
          : {}),
        ...(metrics.includes("weightedDegree") && d
          ? {
              weightedDegree: d.weightedDegree[a.id]!,
              ...(d.inWeightedDegree
                ? { weightedInDegree: d.inWeightedDegree[a.id], weightedOutDegree: d.outWeightedDegree![a.id] }
                : {}),
            }
          : {}),
        ...(result.betweenness ? { betweenness: result.betweenness.values[a.id]! } : {}),
        ...(result.closeness ? { closeness: result.closeness.values[a.id]! } : {}),
        ...(result.eigenvector ? { eigenvector: result.eigenvector.values[a.id]! } : {}),
        ...(result.pagerank ? { pagerank: result.pagerank.values[a.id]! } : {}),
      }));
      return {
        mapVersion: snapshot.version,
        nodes: graph.order,
        edges: graph.size,
        directed: query.directed,
        weighted: query.weighted,
        sampling: path
          ? { approximate: path.approximate, k: path.approximate ? path.k : undefined, threshold: path.threshold }
          : { approximate: false, threshold: 0 },
        actors,
      };
    });
    const sort = query.sort;
    const sorted = [...full.actors].sort(
      (a, b) => (b[sort] ?? -Infinity) - (a[sort] ?? -Infinity) || a.id.localeCompare(b.id),
    );
    return { ...full, actors: sorted.slice(0, query.limit) };
  }

  async communities(mapId: string, query: z.output<typeof CommunitiesQuery>): Promise<Communities> {
    const key = `communities:${JSON.stringify([query.relationshipTypes ?? null, query.directed, query.weighted, query.seed, query.resolution])}`;
    return this.memo(mapId, key, (snapshot, entry) => {
      // Louvain works on undirected ties whatever `directed` says for the other measures.
      const graph = this.graphOf(entry, { ...query, directed: false });
      const result = detectCommunities(graph, {
        weighted: query.weighted,
        seed: query.seed,
        resolution: query.resolution,
      });
      return {
        mapVersion: snapshot.version,
        modularity: result.modularity,
        communities: result.communities.map((c) => ({ id: c.id, size: c.size, members: c.members })),
        membership: result.membership,
      };
    });
  }

  async structure(mapId: string, query: z.output<typeof StructureQuery>): Promise<Structure> {
    const key = `structure:${JSON.stringify([query.relationshipTypes ?? null, query.weighted, query.limit])}`;
    return this.memo(mapId, key, (snapshot, entry) => {
      // Cut points and structural holes are questions about undirected ties.
      const graph = this.graphOf(entry, { ...query, directed: false });
      const result = analyzeStructure(graph, { weighted: query.weighted, limit: query.limit });
      const ref = refs(snapshot);
      return {
        mapVersion: snapshot.version,
        components: result.components.components.map((c, id) => ({ id, size: c.size, members: c.members })),
        articulationPoints: result.articulationPoints
          .slice(0, query.limit)
          .map((p) => ({ ...ref(p.id), pieces: p.pieces, cutOff: p.cutOff })),
        bridges: result.bridges.slice(0, query.limit).map((b) => ({
          from: b.source,
          to: b.target,
          fromName: ref(b.source).name,
          toName: ref(b.target).name,
          cutOff: b.cutOff,
        })),
        brokers: result.brokers.map((b) => ({
          ...ref(b.id),
          constraint: b.constraint,
          effectiveSize: b.effectiveSize,
          degree: b.degree,
        })),
        isolates: result.isolated.map(ref),
      };
    });
  }

  /**
   * The map's match index: texts from the store, what commitments already cover, and each actor's under-served
   * score (schools and other receiving types, as the gaps view ranks them) for the equity part.
   */
  private matchIndex(mapId: string): Promise<MatchIndex> {
    return this.memo(mapId, "match-index", async (snapshot, entry) => {
      const items = await this.store.itemTexts(mapId);
      const texts = new Map<string, ItemText>();
      const covered = new Map<string, number>();
      items.id.forEach((id, i) => {
        texts.set(id, { description: items.description[i], tags: items.tags[i] });
        if (items.covered[i]! > 0) covered.set(id, items.covered[i]!);
      });
      const outstanding = new Map<string, number>();
      for (const need of snapshot.needs) {
        const done = covered.get(need.id);
        if (done) outstanding.set(need.id, Math.max(0, need.quantity - done));
      }
      const asOf = new Date().toISOString().slice(0, 10);
      const gaps = analyzeGaps(snapshot, { asOf });
      const underServed = new Map(gaps.underServed.map((u) => [u.actorId, u.score]));
      const graph = this.graphOf(entry, { directed: false, weighted: true });
      return buildMatchIndex(snapshot, { texts, outstanding, underServed, today: asOf, graph });
    });
  }

  async needMatches(mapId: string, needId: string, query: MatchesQuery) {
    const index = await this.matchIndex(mapId);
    const snapshot = await this.snapshot(mapId);
    const candidates = matchesForNeed(index, needId, { limit: query.limit, weights: query.weights });
    return { mapVersion: snapshot.version, needId, candidates: named(snapshot, candidates) };
  }

  async offeringMatches(mapId: string, offeringId: string, query: MatchesQuery) {
    const index = await this.matchIndex(mapId);
    const snapshot = await this.snapshot(mapId);
    const candidates = matchesForOffering(index, offeringId, { limit: query.limit, weights: query.weights });
    return { mapVersion: snapshot.version, offeringId, candidates: named(snapshot, candidates) };
  }

  async bridges(mapId: string, query: BridgesQuery) {
    const index = await this.matchIndex(mapId);
    const communities = await this.communities(mapId, {
      directed: false,
      weighted: true,
      seed: query.seed,
      resolution: 1,
    });
    const key = `bridges:${JSON.stringify(query)}`;
    return this.memo(mapId, key, (snapshot) => ({
      mapVersion: snapshot.version,
      communities: communities.communities.length,
      modularity: communities.modularity,
      suggestions: suggestBridges(index, {
        membership: communities.membership,
        maxTieRatio: query.maxTieRatio,
        limit: query.limit,
        perCommunityPair: query.perCommunityPair,
        weights: query.weights,
      }),
    }));
  }

  async allocation(mapId: string, request: AllocationRequest) {
    const index = await this.matchIndex(mapId);
    const key = `allocation:${JSON.stringify({ ...request, assignments: true })}`;
    const plan = await this.memo(mapId, key, async (snapshot) => ({
      mapVersion: snapshot.version,
      ...(await planAllocation(index, {
        region: request.region,
        categoryPrefix: request.category,
        actorIds: request.actorIds,
        weights: request.weights,
        candidatesPerNeed: request.candidatesPerNeed,
      })),
    }));
    return request.assignments ? plan : { ...plan, assignments: [] };
  }

  async gaps(mapId: string, query: z.output<typeof GapsQuery>): Promise<Gaps> {
    const asOf = query.asOf ?? new Date().toISOString().slice(0, 10);
    const key = `gaps:${JSON.stringify([[...query.receivingTypes].sort(), query.limit, asOf])}`;
    return this.memo(mapId, key, (snapshot) => {
      const result = analyzeGaps(snapshot, { receivingTypes: query.receivingTypes, limit: query.limit, asOf });
      const ref = refs(snapshot);
      return {
        mapVersion: snapshot.version,
        underServed: result.underServed.slice(0, query.limit).map((u) => ({
          actorId: u.actorId,
          name: u.name,
          type: u.type,
          region: u.region,
          score: u.score,
          components: u.components,
          openNeeds: u.openNeeds,
          unmetNeeds: u.unmetNeeds,
          supportTies: u.supportTies,
          degree: u.degree,
          reasons: u.reasons,
        })),
        unmetNeeds: result.unmetNeeds.map((n) => ({
          needId: n.needId,
          actorId: n.actorId,
          actorName: ref(n.actorId).name,
          title: n.title,
          category: n.category,
          priority: n.priority,
          quantity: n.quantity,
          code: n.code,
          reason: n.reason,
          nearestKm: n.nearestKm,
        })),
        byCategory: result.supplyDemand.byCategory.map((c) => ({ key: c.category, name: c.name, ...rowOf(c) })),
        byRegion: result.supplyDemand.byRegion.map((r) => ({
          key: r.region ?? "",
          name: r.region ?? "(no region)",
          ...rowOf(r),
        })),
      };
    });
  }
}

/** Match candidates with the names of the actors on both sides. */
function named(snapshot: MapSnapshot, candidates: MatchCandidate[]) {
  const ref = refs(snapshot);
  return candidates.map((c) => ({
    ...c,
    needActorName: ref(c.needActorId).name,
    offeringActorName: ref(c.offeringActorId).name,
  }));
}

function refs(snapshot: MapSnapshot) {
  const byId = new Map(snapshot.actors.map((a) => [a.id, a]));
  return (id: string) => {
    const a = byId.get(id)!;
    return { id, name: a.name, type: a.type };
  };
}

function rowOf(entry: {
  demand: number;
  supply: number;
  ratio: number | null;
  shortfall: number;
  needs: number;
  offerings: number;
}) {
  return {
    demand: entry.demand,
    supply: entry.supply,
    ratio: entry.ratio,
    shortfall: entry.shortfall,
    openNeeds: entry.needs,
    availableOfferings: entry.offerings,
  };
}
