// The HTTP client: one function per endpoint the UI uses. Errors come back as ApiError with the server's
// field issues, so forms can show them next to the fields they name.
import type {
  Actor,
  Bridges,
  ActorInput,
  ApiErrorBody,
  ActorPatch,
  AtlasMap,
  Centrality,
  Commitment,
  CommitmentInput,
  Communities,
  Funding,
  Gaps,
  GraphView,
  HistoryPage,
  MapCreate,
  MapList,
  Need,
  NeedInput,
  NeedMatches,
  NeedPatch,
  NetworkSummary,
  Offering,
  OfferingInput,
  OfferingPatch,
  Relationship,
  RelationshipInput,
  RelationshipPatch,
  Structure,
} from "./types";
import { fetchInit, noteRefusal } from "./credentials";
import { ApiError, query, retryAfterSeconds, seg } from "./utils";
import { followJob, isAnalysisJob } from "./jobs";
import type { AllocationBody, AllocationPlan } from "../allocation/types";
import type { SurveyAnalysis, TieSelection } from "../surveyAnalysis/types";
import type { CommitmentPatch } from "../commitments/types";

export { ApiError } from "./utils";
export * from "./credentials";
export { analysisJobs, type AnalysisJobView } from "./jobs";
export type * from "./types";

/**
 * The versions (ETags) of the items open in the editor, by URL. A PATCH or DELETE of such a URL sends its version as
 * If-Match, so a change someone else saved meanwhile answers 412 instead of being overwritten.
 */
const readVersions = new Map<string, string>();

/** One JSON request; other core modules (core/maps, core/auth) send theirs through it too. */
export async function request<T>(method: string, url: string, body?: unknown): Promise<T> {
  const version = method === "PATCH" || method === "DELETE" ? readVersions.get(url) : undefined;
  let response: Response;
  try {
    response = await fetch(url, {
      ...fetchInit(method, {
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...(version ? { "if-match": version } : {}),
      }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    throw new ApiError(0, undefined, `Cannot reach the server (${(err as Error).message})`);
  }
  if (version && response.ok) readVersions.delete(url);
  return read<T>(method, url, response);
}

/** A response's JSON, or its refusal as an ApiError; an analysis job (202) is followed to its result. */
async function read<T>(method: string, url: string, response: Response): Promise<T> {
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    noteRefusal(method, url, response.status);
    throw new ApiError(
      response.status,
      json as Partial<ApiErrorBody> | undefined,
      `${method} ${url}: ${response.status}`,
      retryAfterSeconds(response.headers.get("retry-after")),
    );
  }
  if (response.status === 202 && isAnalysisJob(json)) return followJob(json, (r) => read<T>("GET", json.url, r));
  return json as T;
}

/** `ties` is sent only when it is not the server's default, so the usual URLs stay as they were. */
const confirmedOnly = (ties: TieSelection) => (ties === "confirmed" ? ties : undefined);
const m = (mapId: string) => `/api/maps/${seg(mapId)}`;
const ITEM_PATHS = { actor: "actors", need: "needs", offering: "offerings", relationship: "relationships" } as const;
const itemUrl = (mapId: string, kind: keyof typeof ITEM_PATHS, id: string) =>
  `${m(mapId)}/${ITEM_PATHS[kind]}/${seg(id)}`;

export const api = {
  listMaps: () => request<MapList>("GET", `/api/maps${query({ limit: 1000 })}`),
  createMap: (input: MapCreate) => request<AtlasMap>("POST", "/api/maps", input),
  graph: (mapId: string) => request<GraphView>("GET", `${m(mapId)}/graph`),

  centrality: (mapId: string, ties: TieSelection = "all") =>
    request<Centrality>(
      "GET",
      `${m(mapId)}/analysis/centrality${query({ metrics: "degree,pagerank,betweenness", limit: 1_000_000, ties: confirmedOnly(ties) })}`,
    ),
  communities: (mapId: string, ties: TieSelection = "all") =>
    request<Communities>("GET", `${m(mapId)}/analysis/communities${query({ ties: confirmedOnly(ties) })}`),
  gaps: (mapId: string, ties: TieSelection = "all") =>
    request<Gaps>("GET", `${m(mapId)}/analysis/gaps${query({ limit: 1000, ties: confirmedOnly(ties) })}`),
  bridges: (mapId: string) => request<Bridges>("GET", `${m(mapId)}/analysis/bridges`),
  funding: (mapId: string) => request<Funding>("GET", `${m(mapId)}/analysis/funding${query({ limit: 1000 })}`),
  summary: (mapId: string, ties: TieSelection = "all") =>
    request<NetworkSummary>("GET", `${m(mapId)}/analysis/summary${query({ ties: confirmedOnly(ties) })}`),
  structure: (mapId: string, ties: TieSelection = "all") =>
    request<Structure>("GET", `${m(mapId)}/analysis/structure${query({ limit: 1000, ties: confirmedOnly(ties) })}`),
  surveyAnalysis: (mapId: string, ties: TieSelection = "all") =>
    request<SurveyAnalysis>("GET", `${m(mapId)}/analysis/survey${query({ ties: confirmedOnly(ties) })}`),
  needMatches: (mapId: string, needId: string) =>
    request<NeedMatches>("GET", `${m(mapId)}/needs/${seg(needId)}/matches`),

  createCommitment: (mapId: string, input: CommitmentInput) =>
    request<Commitment>("POST", `${m(mapId)}/commitments`, input),
  updateCommitment: (mapId: string, id: string, patch: CommitmentPatch) =>
    request<Commitment>("PATCH", `${m(mapId)}/commitments/${seg(id)}`, patch),
  allocation: (mapId: string, body: AllocationBody) =>
    request<AllocationPlan>("POST", `${m(mapId)}/analysis/allocation`, body),

  createActor: (mapId: string, input: ActorInput) => request<Actor>("POST", `${m(mapId)}/actors`, input),
  updateActor: (mapId: string, id: string, patch: ActorPatch) =>
    request<Actor>("PATCH", `${m(mapId)}/actors/${seg(id)}`, patch),
  deleteActor: (mapId: string, id: string) => request<void>("DELETE", `${m(mapId)}/actors/${seg(id)}`),

  createNeed: (mapId: string, input: NeedInput) => request<Need>("POST", `${m(mapId)}/needs`, input),
  updateNeed: (mapId: string, id: string, patch: NeedPatch) =>
    request<Need>("PATCH", `${m(mapId)}/needs/${seg(id)}`, patch),
  deleteNeed: (mapId: string, id: string) => request<void>("DELETE", `${m(mapId)}/needs/${seg(id)}`),

  createOffering: (mapId: string, input: OfferingInput) => request<Offering>("POST", `${m(mapId)}/offerings`, input),
  updateOffering: (mapId: string, id: string, patch: OfferingPatch) =>
    request<Offering>("PATCH", `${m(mapId)}/offerings/${seg(id)}`, patch),
  deleteOffering: (mapId: string, id: string) => request<void>("DELETE", `${m(mapId)}/offerings/${seg(id)}`),

  createRelationship: (mapId: string, input: RelationshipInput) =>
    request<Relationship>("POST", `${m(mapId)}/relationships`, input),
  updateRelationship: (mapId: string, id: string, patch: RelationshipPatch) =>
    request<Relationship>("PATCH", `${m(mapId)}/relationships/${seg(id)}`, patch),
  deleteRelationship: (mapId: string, id: string) => request<void>("DELETE", `${m(mapId)}/relationships/${seg(id)}`),

  /**
   * Reads an item as stored now and keeps its version for the next PATCH or DELETE of it (If-Match); null when it
   * cannot be read. The editor compares what it answers with the copy it shows.
   */
  readItemVersion: async (
    mapId: string,
    kind: keyof typeof ITEM_PATHS,
    id: string,
  ): Promise<{ updatedAt?: string } | null> => {
    const url = itemUrl(mapId, kind, id);
    const response = await fetch(url, fetchInit("GET")).catch(() => null);
    if (!response?.ok) return null;
    const etag = response.headers.get("etag");
    if (etag) readVersions.set(url, etag);
    return (await response.json()) as { updatedAt?: string };
  },
  forgetItemVersion: (mapId: string, kind: keyof typeof ITEM_PATHS, id: string) => {
    readVersions.delete(itemUrl(mapId, kind, id));
  },

  history: (mapId: string, filter: { actorId?: string; entityId?: string; limit?: number; offset?: number }) =>
    request<HistoryPage>("GET", `${m(mapId)}/history${query(filter)}`),
};
