// Matching over cached map snapshots: the map's match index, candidates for a need or an offering, bridges
// between communities and the allocation plan, each computed once per map version and set of options
// (map-cache.ts). Bridges take their communities from the analysis service, so both read the same Louvain run.
import { analyzeGaps } from "../analysis/gaps";
import {
  buildMatchIndex,
  matchReportForNeed,
  matchReportForOffering,
  planAllocation,
  suggestBridges,
} from "../matching";
import type { ItemText, MatchIndex, MatchReport } from "../matching";
import type { AllocationRequest, BridgesQuery, MatchesQuery } from "../schemas/matching";
import type { AtlasStore, MapSnapshot } from "../store/atlas-store";
import type { AnalysisService } from "./analysis";
import { breathe, type JobControl } from "./analysis-jobs";
import { actorRefs, type MapCache } from "./map-cache";

export class MatchingService {
  constructor(
    private readonly store: Pick<AtlasStore, "itemTexts">,
    readonly cache: MapCache,
    private readonly analysis: AnalysisService,
  ) {}

  /**
   * The map's match index: texts from the store, what commitments already cover, and each actor's under-served
   * score (schools and other receiving types, as the gaps view ranks them) for the equity part.
   */
  private matchIndex(mapId: string): Promise<MatchIndex> {
    return this.cache.memo(mapId, "match-index", async (snapshot, entry) => {
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
      const graph = this.cache.graph(entry, { directed: false, weighted: true });
      return buildMatchIndex(snapshot, { texts, outstanding, underServed, today: asOf, graph });
    });
  }

  async needMatches(mapId: string, needId: string, query: MatchesQuery) {
    const index = await this.matchIndex(mapId);
    const snapshot = await this.cache.snapshot(mapId);
    const report = matchReportForNeed(index, needId, options(query));
    return { mapVersion: snapshot.version, needId, ...namedReport(snapshot, report) };
  }

  async offeringMatches(mapId: string, offeringId: string, query: MatchesQuery) {
    const index = await this.matchIndex(mapId);
    const snapshot = await this.cache.snapshot(mapId);
    const report = matchReportForOffering(index, offeringId, options(query));
    return { mapVersion: snapshot.version, offeringId, ...namedReport(snapshot, report) };
  }

  async bridges(mapId: string, query: BridgesQuery, control?: JobControl) {
    const index = await this.matchIndex(mapId);
    if (control) await breathe(control, 0.4);
    const communities = await this.analysis.communities(mapId, {
      directed: false,
      weighted: true,
      seed: query.seed,
      resolution: 1,
    });
    const key = `bridges:${JSON.stringify(query)}`;
    if (control) await breathe(control, 0.7);
    return this.cache.memo(mapId, key, (snapshot) => ({
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

  /**
   * Under a job (a request with a time budget), the LP is solved in worker threads, which a cancellation terminates,
   * and progress is the share of its blocks solved.
   */
  async allocation(mapId: string, request: AllocationRequest, control?: JobControl) {
    const index = await this.matchIndex(mapId);
    if (control) await breathe(control, 0.2);
    const key = `allocation:${JSON.stringify({ ...request, assignments: true })}`;
    const plan = await this.cache.memo(mapId, key, async (snapshot) => ({
      mapVersion: snapshot.version,
      ...(await planAllocation(index, {
        region: request.region,
        categoryPrefix: request.category,
        actorIds: request.actorIds,
        weights: request.weights,
        candidatesPerNeed: request.candidatesPerNeed,
        ...(control && {
          signal: control.signal,
          isolate: true,
          onProgress: (share: number) => control.progress(0.2 + 0.75 * share),
        }),
      })),
    }));
    return request.assignments ? plan : { ...plan, assignments: [] };
  }
}

function options(query: MatchesQuery) {
  return { limit: query.limit, nearMisses: query.nearMisses, weights: query.weights };
}

/** Candidates and near misses with the names of the actors on both sides. */
function namedReport(snapshot: MapSnapshot, report: MatchReport) {
  const ref = actorRefs(snapshot);
  const names = (c: { needActorId: string; offeringActorId: string }) => ({
    needActorName: ref(c.needActorId).name,
    offeringActorName: ref(c.offeringActorId).name,
  });
  return {
    candidates: report.candidates.map((c) => ({ ...c, ...names(c) })),
    nearMisses: report.nearMisses.map((c) => ({ ...c, ...names(c) })),
  };
}
