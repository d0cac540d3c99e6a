// The one module through which components reach state: store slices, bound actions, server data and mutations.
import { useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { useContext, useEffect, useMemo } from "react";
import { useStore } from "zustand";
import { api, ApiError, onWriteRefused, type AtlasMap } from "./api";
import type { AllocationBody, AllocationPlan } from "./allocation";
import * as appearance from "./appearance";
import * as auth from "./auth";
import { analysisKind, MapDataContext, queryKeys, StoreContext, type MapData } from "./context";
import * as filters from "./filters";
import * as layout from "./layout";
import * as mapsCore from "./maps";
import * as selection from "./selection";
import type { AtlasState, AtlasStore, AtlasStoreState, Producer } from "./store";
import type { TieSelection } from "./surveyAnalysis";
import * as ui from "./ui";

export { ApiError } from "./api";

function useAtlasStoreApi(): AtlasStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error("hooks: components must sit inside <AtlasProvider>");
  return store;
}

function useAtlas<T>(selector: (s: AtlasStoreState) => T): T {
  return useStore(useAtlasStoreApi(), selector);
}

export const useAppearance = () => useAtlas((s) => s.appearance);
export const useFilters = () => useAtlas((s) => s.filters);
export const useSelectedActorId = () => useAtlas((s) => s.selection.selectedActorId);
export const useHoveredActorId = () => useAtlas((s) => s.selection.hoveredActorId);
// Narrow selections: hovering changes `selection` many times a second, and only what shows the hover should redraw.
export const useSelectedNeedId = () => useAtlas((s) => s.selection.selectedNeedId);
export const usePath = () => useAtlas((s) => s.selection.path);
export const useCameraRequest = () => useAtlas((s) => s.selection.camera);
export const useHighlight = () => useAtlas((s) => s.selection.hoverHighlight ?? s.selection.highlight);
export const useLayoutState = () => useAtlas((s) => s.layout);
export const useLayoutSettling = () => useAtlas((s) => s.layout.settling);
export const useUi = () => useAtlas((s) => s.ui);
export const useMapId = () => useAtlas((s) => s.ui.mapId);
export const useAuthPage = () => useAtlas((s) => s.auth.page);

type Producers = Record<string, (...args: never[]) => (state: never) => unknown>;
type Bound<P extends Producers> = { [K in keyof P]: (...args: Parameters<P[K]>) => void };

function bind<K extends "appearance" | "filters" | "selection" | "layout" | "ui" | "auth", P extends Producers>(
  store: AtlasStore,
  key: K,
  producers: P,
): Bound<P> {
  const out = {} as Record<string, (...args: never[]) => void>;
  for (const [name, producer] of Object.entries(producers)) {
    if (typeof producer !== "function") continue;
    out[name] = (...args: never[]) =>
      store.getState().update(key, producer(...args) as unknown as Producer<AtlasState[K]>);
  }
  return out as Bound<P>;
}

/** Every action, bound to the store once. */
export function useActions() {
  const store = useAtlasStoreApi();
  return useMemo(
    () => ({
      appearance: bind(store, "appearance", {
        setSizeMetric: appearance.setSizeMetric,
        setColorBy: appearance.setColorBy,
        setShowLabels: appearance.setShowLabels,
      }),
      filters: bind(store, "filters", {
        toggleActorType: filters.toggleActorType,
        toggleRelationshipType: filters.toggleRelationshipType,
        setCategories: filters.setCategories,
        setRegions: filters.setRegions,
        setThreshold: filters.setThreshold,
        setFocus: filters.setFocus,
        setConfirmedTiesOnly: filters.setConfirmedTiesOnly,
        resetFilters: filters.resetFilters,
      }),
      selection: bind(store, "selection", {
        selectActor: selection.selectActor,
        hoverActor: selection.hoverActor,
        selectNeed: selection.selectNeed,
        showPath: selection.showPath,
        zoomToFit: selection.zoomToFit,
        zoomToSelection: selection.zoomToSelection,
        zoomToActors: selection.zoomToActors,
        focusActor: selection.focusActor,
        setHighlight: selection.setHighlight,
        setHoverHighlight: selection.setHoverHighlight,
      }),
      layout: bind(store, "layout", {
        setLayoutKind: layout.setLayoutKind,
        setLayoutRunning: layout.setLayoutRunning,
        setSettling: layout.setSettling,
      }),
      ui: bind(store, "ui", {
        setView: ui.setView,
        setPanel: ui.setPanel,
        openEditor: ui.openEditor,
        showToast: ui.showToast,
        clearToast: ui.clearToast,
      }),
      auth: bind(store, "auth", {
        openLogin: auth.openLogin,
        openSetPassword: auth.openSetPassword,
        closeAuthPage: auth.closeAuthPage,
      }),
      chooseMap: (mapId: string | null) => store.getState().chooseMap(mapId),
      /** Selects an actor, frames it and shows its details: what picking an actor in any list does. */
      openActor: (id: string) => store.getState().apply(selection.openActor(id)),
    }),
    [store],
  );
}

/** The current map's data, metrics and filter result. */
export function useMapData(): MapData {
  const data = useContext(MapDataContext);
  if (!data) throw new Error("hooks: components must sit inside <AtlasProvider>");
  return data;
}

export const useEcosystem = () => useMapData().eco;
export const useMetrics = () => useMapData().metrics;
export const useVisibleActors = () => useMapData().visible;

export function useMapsQuery() {
  return useQuery({ queryKey: queryKeys.maps, queryFn: api.listMaps });
}

export function useGraphQuery() {
  const mapId = useMapId();
  return useQuery({ queryKey: queryKeys.graph(mapId ?? ""), queryFn: () => api.graph(mapId!), enabled: !!mapId });
}

function useAnalysis<T>(kind: string, fn: (mapId: string) => Promise<T>) {
  const mapId = useMapId();
  return useQuery({ queryKey: queryKeys.analysis(mapId ?? "", kind), queryFn: () => fn(mapId!), enabled: !!mapId });
}
/** An analysis that counts all ties or confirmed ties only, as the filters say; each answer cached apart. */
function useTiesAnalysis<T>(kind: string, fn: (mapId: string, ties: TieSelection) => Promise<T>) {
  const mapId = useMapId();
  const ties = useAtlas((s) => filters.tieSelection(s.filters));
  return useQuery({
    queryKey: queryKeys.analysis(mapId ?? "", analysisKind(kind, ties)),
    queryFn: () => fn(mapId!, ties),
    enabled: !!mapId,
  });
}
export const useGapsQuery = () => useTiesAnalysis("gaps", api.gaps);
export const useBridgesQuery = () => useAnalysis("bridges", api.bridges);
export const useFundingQuery = () => useAnalysis("funding", api.funding);
export const useStructureQuery = () => useTiesAnalysis("structure", api.structure);
export const useSummaryQuery = () => useTiesAnalysis("summary", api.summary);
export const useSurveyAnalysisQuery = () => useTiesAnalysis("survey", api.surveyAnalysis);

export function useNeedMatchesQuery(needId: string | null) {
  const mapId = useMapId();
  return useQuery({
    queryKey: queryKeys.matches(mapId ?? "", needId ?? ""),
    queryFn: () => api.needMatches(mapId!, needId!),
    enabled: !!mapId && !!needId,
  });
}

/** A write to the current map: on success every query about the map is refetched. */
export function useMapMutation<V, R>(
  fn: (mapId: string, vars: V) => Promise<R>,
  options: { success?: (r: R, v: V) => string } = {},
) {
  const mapId = useMapId();
  const client = useQueryClient();
  const actions = useActions();
  return useMutation<R, ApiError, V>({
    mutationFn: (vars) => fn(mapId!, vars),
    onSuccess: async (r, v) => {
      await Promise.all([
        client.invalidateQueries({ queryKey: queryKeys.map(mapId!) }),
        client.invalidateQueries({ queryKey: queryKeys.maps }),
      ]);
      const message = options.success?.(r, v);
      if (message) actions.ui.showToast(message);
    },
  });
}

/** Runs the allocation plan for a scope. The plan writes nothing, so nothing is refetched; it answers for the map
 * version it names, and accepting its assignments goes through useMapMutation. */
export function useAllocationRun() {
  const mapId = useMapId();
  return useMutation<AllocationPlan, ApiError, AllocationBody>({ mutationFn: (body) => api.allocation(mapId!, body) });
}

export function useCreateMap() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: api.createMap,
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.maps }),
  });
}

// ---- maps page and data in/out ------------------------------------------------------------------

/** Refetches everything about a map and the list of maps: after an import job, which no mutation hook wraps. */
export function useReloadMap() {
  const client = useQueryClient();
  return useMemo(
    () => (mapId: string) =>
      Promise.all([
        client.invalidateQueries({ queryKey: queryKeys.map(mapId) }),
        client.invalidateQueries({ queryKey: queryKeys.maps }),
      ]),
    [client],
  );
}

/** Rename or describe, duplicate and delete any map (not only the one on screen); the list refetches after each. */
export function useMapAdmin() {
  const client = useQueryClient();
  const reload = useReloadMap();
  const update = useMutation<AtlasMap, ApiError, { mapId: string; patch: mapsCore.MapPatch }>({
    mutationFn: ({ mapId, patch }) => mapsCore.mapsApi.update(mapId, patch),
    onSuccess: (_r, v) => reload(v.mapId),
  });
  const duplicate = useMutation<AtlasMap, ApiError, { mapId: string; input: mapsCore.MapDuplicate }>({
    mutationFn: ({ mapId, input }) => mapsCore.mapsApi.duplicate(mapId, input),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.maps }),
  });
  const remove = useMutation<void, ApiError, string>({
    mutationFn: (mapId) => mapsCore.mapsApi.remove(mapId),
    onSuccess: (_r, mapId) => {
      client.removeQueries({ queryKey: queryKeys.map(mapId) });
      return client.invalidateQueries({ queryKey: queryKeys.maps });
    },
  });
  return { update, duplicate, remove };
}

export { exportUrl, followJob, uploadFiles } from "./imports";

/** Match candidates for several needs at once (the facilitator queue); shares the cache with the matches panel. */
export function useNeedMatchesQueries(needIds: readonly string[]) {
  const mapId = useMapId();
  return useQueries({
    queries: needIds.map((needId) => ({
      queryKey: queryKeys.matches(mapId ?? "", needId),
      queryFn: () => api.needMatches(mapId!, needId),
      enabled: !!mapId,
    })),
  });
}

// ---- accounts, roles and sharing ----------------------------------------------------------------

const ANONYMOUS: auth.Session = { user: null, csrfToken: null };

/** Who is signed in. A server without accounts (no /api/auth) reads as nobody signed in. */
const readSession = () =>
  auth.authApi.session().catch((err: unknown) => {
    if (err instanceof ApiError && err.status === 404) return ANONYMOUS;
    throw err;
  });

export function useSession() {
  return useQuery({ queryKey: queryKeys.session, queryFn: readSession, staleTime: Infinity });
}

/**
 * Brings up the sign-in page when a write is refused for want of a session: on a 401 for a visitor, and on a 401, 403
 * or 404 when the session turns out to have ended meanwhile (signed out elsewhere, expired), which a private map
 * answers with 404. Whatever form was open stays open, to be sent again once signed in.
 */
export function useSignInWhenRefused() {
  const client = useQueryClient();
  const actions = useActions();
  useEffect(
    () =>
      onWriteRefused(async (status) => {
        const before = client.getQueryData<auth.Session>(queryKeys.session);
        const now = await client.fetchQuery({ queryKey: queryKeys.session, queryFn: readSession, staleTime: 0 });
        if (now.user) return;
        if (before?.user) actions.auth.openLogin("Your session has ended. Sign in again, then send your change again.");
        else if (status === 401) actions.auth.openLogin("Sign in to make changes to this map.");
      }),
    [client, actions],
  );
}

/**
 * Everything but the session is read again after signing in or out: what the caller may see has changed. Signing out
 * drops it first, so nothing read under the session (a map in full) stays on screen; signing in keeps it meanwhile,
 * so an open form (a change refused when the session ended) keeps what was typed.
 */
function useRefetchAfterSignIn() {
  const client = useQueryClient();
  return (session: auth.Session) => {
    client.setQueryData(queryKeys.session, session);
    client.removeQueries({ queryKey: queryKeys.tokens });
    const others = { predicate: (q: { queryKey: readonly unknown[] }) => q.queryKey[0] !== "session" };
    return session.user ? client.invalidateQueries(others) : client.resetQueries(others);
  };
}

export function useLogin() {
  const after = useRefetchAfterSignIn();
  return useMutation<auth.LoginAnswer, ApiError, { username: string; password: string }>({
    mutationFn: ({ username, password }) => auth.authApi.login(username, password),
    onSuccess: (answer) => after({ user: answer.user, csrfToken: answer.csrfToken }),
  });
}

export function useLogout() {
  const after = useRefetchAfterSignIn();
  return useMutation<void, ApiError, void>({
    mutationFn: () => auth.authApi.logout(),
    onSuccess: () => after(ANONYMOUS),
  });
}

export function useChangePassword() {
  return useMutation<void, ApiError, { currentPassword: string; newPassword: string }>({
    mutationFn: ({ currentPassword, newPassword }) => auth.authApi.changePassword(currentPassword, newPassword),
  });
}

export function useSetPassword() {
  return useMutation<void, ApiError, { token: string; password: string }>({
    mutationFn: ({ token, password }) => auth.authApi.setPassword(token, password),
  });
}

/** The signed-in user's API tokens: listed, created (the answer holds the secret, once) and revoked. */
export function useApiTokens(enabled = true) {
  const client = useQueryClient();
  const list = useQuery({ queryKey: queryKeys.tokens, queryFn: auth.authApi.tokens, enabled });
  const refresh = () => client.invalidateQueries({ queryKey: queryKeys.tokens });
  const create = useMutation<auth.ApiTokenCreated, ApiError, auth.ApiTokenCreate>({
    mutationFn: auth.authApi.createToken,
    onSuccess: refresh,
  });
  const revoke = useMutation<void, ApiError, string>({ mutationFn: auth.authApi.revokeToken, onSuccess: refresh });
  return { list, create, revoke };
}

/** What the caller may do on the map on screen: its reach, whether the view is redacted, and the two questions the
 * controls ask (may I change data? may I manage members and sharing?). Null until the map has loaded. */
export function useMapAccess() {
  const mapId = useMapId();
  const graph = useGraphQuery();
  const fromGraph = graph.data?.map.access;
  // The map's own answer states the caller's access when the graph's copy of the map does not; until it comes, the
  // graph's copy decides (without `access`, a server that predates access control: see accessOf).
  const info = useQuery({
    queryKey: queryKeys.mapInfo(mapId ?? ""),
    queryFn: () => mapsCore.mapsApi.get(mapId!),
    enabled: !!mapId && graph.isSuccess && !fromGraph,
  });
  const access = fromGraph ?? info.data?.access ?? auth.accessOf(graph.data?.map);
  const reach = access?.reach;
  const redacted = access?.redacted;
  return useMemo(
    () =>
      reach === undefined
        ? null
        : { reach, redacted: !!redacted, canEdit: auth.canEditReach(reach), isOwner: reach === "owner" },
    [reach, redacted],
  );
}

/** A map's members (owners only): listed, added (an unknown username creates the account), re-roled and removed. */
export function useMembers(mapId: string) {
  const client = useQueryClient();
  const list = useQuery({ queryKey: queryKeys.members(mapId), queryFn: () => auth.sharingApi.members(mapId) });
  const refresh = () => client.invalidateQueries({ queryKey: queryKeys.members(mapId) });
  const add = useMutation<auth.MemberAdded, ApiError, auth.MemberInput>({
    mutationFn: (input) => auth.sharingApi.addMember(mapId, input),
    onSuccess: refresh,
  });
  const setRole = useMutation<auth.Member, ApiError, { userId: string; role: auth.MapRole }>({
    mutationFn: ({ userId, role }) => auth.sharingApi.setRole(mapId, userId, role),
    onSuccess: refresh,
  });
  const remove = useMutation<void, ApiError, string>({
    mutationFn: (userId) => auth.sharingApi.removeMember(mapId, userId),
    onSuccess: refresh,
  });
  return { list, add, setRole, remove };
}

/** A map's visibility and share links (owners only). */
export function useSharing(mapId: string) {
  const client = useQueryClient();
  const reload = useReloadMap();
  const links = useQuery({ queryKey: queryKeys.shareLinks(mapId), queryFn: () => auth.sharingApi.shareLinks(mapId) });
  const refresh = () => client.invalidateQueries({ queryKey: queryKeys.shareLinks(mapId) });
  const setVisibility = useMutation<unknown, ApiError, auth.Visibility>({
    mutationFn: (visibility) => auth.sharingApi.setVisibility(mapId, visibility),
    onSuccess: () => reload(mapId),
  });
  const setRedactedTypes = useMutation<unknown, ApiError, string[]>({
    mutationFn: (types) => auth.sharingApi.setRedactedTypes(mapId, types),
    onSuccess: () => reload(mapId),
  });
  const create = useMutation<auth.ShareLinkCreated, ApiError, auth.ShareLinkCreate>({
    mutationFn: (input) => auth.sharingApi.createShareLink(mapId, input),
    onSuccess: refresh,
  });
  const revoke = useMutation<void, ApiError, string>({
    mutationFn: (linkId) => auth.sharingApi.revokeShareLink(mapId, linkId),
    onSuccess: refresh,
  });
  return { links, setVisibility, setRedactedTypes, create, revoke };
}
