// The analysis engine over cached map snapshots: centrality, communities, structure and gaps, each computed
// once per map version and set of options (map-cache.ts).
import type { z } from "zod";
import { computeCentrality } from "../analysis/centrality";
import { detectCommunities } from "../analysis/communities";
import { analyzeGaps } from "../analysis/gaps";
import type { SupplyDemandEntry } from "../analysis/gaps-types";
import { analyzeFunding, funderCurrencies } from "../analysis/funding";
import { buildActorGraph } from "../analysis/graph";
import { analyzeStructure } from "../analysis/structure";
import { summarizeNetwork } from "../analysis/summary";
import { RELATIONSHIP_TYPES, UNDIRECTED_TYPES } from "../schemas/domain";
import type {
  Centrality,
  CentralityQuery,
  Communities,
  CommunitiesQuery,
  Funding,
  FundingQuery,
  Gaps,
  NetworkSummary,
  NetworkSummaryQuery,
  Structure,
  StructureQuery,
} from "../schemas/analysis";
import { GapsQuery } from "../schemas/analysis";
import { actorRefs, type MapCache } from "./map-cache";

// `signal`: a budgeted request's job (analysis-jobs.ts) was cancelled; checked before the computation starts, since
// the algorithms themselves run to their end in this thread.

type WithTies<Q extends { ties: string }> = Omit<Q, "ties"> & Partial<Pick<Q, "ties">>;

export class AnalysisService {
  constructor(readonly cache: MapCache) {}

  async centrality(mapId: string, query: z.output<typeof CentralityQuery>, signal?: AbortSignal): Promise<Centrality> {
    const metrics = query.metrics ?? [
      "degree",
      "degreeCentrality",
      "weightedDegree",
      "betweenness",
      "closeness",
      "eigenvector",
      "pagerank",
    ];
    const key = `centrality:${JSON.stringify([query.relationshipTypes ?? null, query.directed, query.weighted, query.ties, [...metrics].sort()])}`;
    const full = await this.cache.memo(mapId, key, (snapshot, entry) => {
      signal?.throwIfAborted();
      const graph = this.cache.graph(entry, query);
      const engineMetrics = [
        ...new Set(metrics.map((m) => (m === "weightedDegree" || m === "degreeCentrality" ? "degree" : m))),
      ];
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
        ...(metrics.includes("degreeCentrality") && d ? { degreeCentrality: d.degreeCentrality[a.id]! } : {}),
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
    // Ranking by a metric that was not asked for would rank by nothing, so the first one asked for leads.
    const sort = query.sort ?? query.metrics?.[0] ?? "pagerank";
    const sorted = [...full.actors].sort(
      (a, b) => (b[sort] ?? -Infinity) - (a[sort] ?? -Infinity) || a.id.localeCompare(b.id),
    );
    return { ...full, actors: sorted.slice(0, query.limit) };
  }

  /** `ties` left out (matching's call): every tie. */
  async communities(mapId: string, query: WithTies<z.output<typeof CommunitiesQuery>>): Promise<Communities> {
    const key = `communities:${JSON.stringify([query.relationshipTypes ?? null, query.directed, query.weighted, query.ties ?? "all", query.seed, query.resolution])}`;
    return this.cache.memo(mapId, key, (snapshot, entry) => {
      // Directed, graphology's Louvain optimises the directed modularity (Dugué & Perez 2015).
      const graph = this.cache.graph(entry, query);
      const result = detectCommunities(graph, {
        weighted: query.weighted,
        seed: query.seed,
        resolution: query.resolution,
      });
      return {
        mapVersion: snapshot.version,
        directed: query.directed,
        modularity: result.modularity,
        communities: result.communities.map((c) => ({ id: c.id, size: c.size, members: c.members })),
        membership: result.membership,
      };
    });
  }

  async structure(mapId: string, query: z.output<typeof StructureQuery>, signal?: AbortSignal): Promise<Structure> {
    const key = `structure:${JSON.stringify([query.relationshipTypes ?? null, query.weighted, query.ties, query.limit])}`;
    return this.cache.memo(mapId, key, (snapshot, entry) => {
      signal?.throwIfAborted();
      // Cut points and structural holes are questions about undirected ties; the schema refuses `directed`.
      const graph = this.cache.graph(entry, { ...query, directed: false });
      const result = analyzeStructure(graph, { weighted: query.weighted, limit: query.limit });
      const ref = actorRefs(snapshot);
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

  /** Who funds whom, per-funder totals, co-funded actors, and the gaps view's under-served actors no funds reach. */
  async funding(mapId: string, query: z.output<typeof FundingQuery>): Promise<Funding> {
    // Every actor the gaps view rates short of what it needs, with its default options, before keeping the unfunded
    // ones. Its list also ranks actors whose needs are all covered (status "covered"): no funder is missing there.
    const gaps = await this.gaps(mapId, GapsQuery.parse({ limit: 10_000 }));
    const short = gaps.underServed.filter((u) => u.status === "short");
    return this.cache.memo(mapId, `funding:${query.limit}`, async (snapshot) => {
      // The snapshot carries no amounts; the full view does. Read once per map version, as every memo.
      const view = await this.cache.view(mapId);
      const result = analyzeFunding(view.relationships, funderCurrencies(snapshot.offerings), short);
      const ref = actorRefs(snapshot);
      return {
        mapVersion: snapshot.version,
        ties: result.ties.map((t) => ({ ...t, fromName: ref(t.from).name, toName: ref(t.to).name })),
        funders: result.funders.slice(0, query.limit).map(({ actorId, ...f }) => ({ ...ref(actorId), ...f })),
        coFunded: result.coFunded.slice(0, query.limit).map((c) => ({
          ...ref(c.actorId),
          funders: c.funders.map(ref),
          received: c.received,
        })),
        unreached: result.unreached
          .slice(0, query.limit)
          .map((u) => ({ ...ref(u.actorId), score: u.score, reasons: u.reasons })),
      };
    });
  }

  /** Density, components, clustering, paths, reciprocity and the modularity of the Louvain partition. */
  async summary(
    mapId: string,
    query: z.output<typeof NetworkSummaryQuery>,
    signal?: AbortSignal,
  ): Promise<NetworkSummary> {
    const graphQuery = {
      relationshipTypes: query.relationshipTypes,
      directed: false,
      weighted: query.weighted,
      ties: query.ties,
    };
    const communities = await this.communities(mapId, { ...graphQuery, seed: query.seed, resolution: 1 });
    const key = `summary:${JSON.stringify([query.relationshipTypes ?? null, query.weighted, query.ties, query.seed])}`;
    return this.cache.memo(mapId, key, (snapshot, entry) => {
      signal?.throwIfAborted();
      const graph = this.cache.graph(entry, graphQuery);
      // Reciprocity asks whether a directed tie is returned; mutual types are returned by definition.
      const directedTypes = (query.relationshipTypes ?? RELATIONSHIP_TYPES).filter((t) => !UNDIRECTED_TYPES.has(t));
      const directedTies = buildActorGraph(snapshot.actors, this.cache.ties(entry, query.ties), {
        directed: true,
        relationshipTypes: directedTypes,
      });
      const result = summarizeNetwork(graph, directedTies, {
        communities: communities.membership,
        weighted: query.weighted,
        seed: query.seed,
      });
      return { mapVersion: snapshot.version, ...result, communities: communities.communities.length };
    });
  }

  async gaps(mapId: string, query: z.output<typeof GapsQuery>, signal?: AbortSignal): Promise<Gaps> {
    const asOf = query.asOf ?? new Date().toISOString().slice(0, 10);
    const weights = query.weights ?? {};
    const key = `gaps:${JSON.stringify([[...query.receivingTypes].sort(), query.limit, asOf, Object.entries(weights).sort(), query.ties])}`;
    return this.cache.memo(mapId, key, (snapshot, entry) => {
      signal?.throwIfAborted();
      const ties = query.ties === "all" ? snapshot : { ...snapshot, relationships: this.cache.ties(entry, query.ties) };
      const result = analyzeGaps(ties, {
        receivingTypes: query.receivingTypes,
        limit: query.limit,
        asOf,
        weights,
      });
      const ref = actorRefs(snapshot);
      return {
        mapVersion: snapshot.version,
        asOf: result.asOf,
        weights: result.weights,
        underServed: result.underServed.slice(0, query.limit).map((u) => ({
          actorId: u.actorId,
          name: u.name,
          type: u.type,
          region: u.region,
          status: u.status,
          score: u.score,
          components: u.components,
          openNeeds: u.openNeeds,
          unmetNeeds: u.unmetNeeds,
          shortNeeds: u.shortNeeds,
          supportTies: u.supportTies,
          degree: u.degree,
          reasons: u.reasons,
          notes: u.notes,
        })),
        unknownActors: result.unknown.slice(0, query.limit),
        unmetNeeds: result.unmetNeeds.map((n) => ({
          needId: n.needId,
          actorId: n.actorId,
          actorName: ref(n.actorId).name,
          title: n.title,
          category: n.category,
          priority: n.priority,
          quantity: n.quantity,
          unit: n.unit,
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

function rowOf(entry: SupplyDemandEntry) {
  return {
    unit: entry.unit,
    demand: entry.demand,
    weightedDemand: entry.weightedDemand,
    supply: entry.supply,
    ratio: entry.ratio,
    shortfall: entry.shortfall,
    openNeeds: entry.needs,
    availableOfferings: entry.offerings,
  };
}
