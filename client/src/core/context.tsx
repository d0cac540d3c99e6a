// Providers: the store, the query client and the map's derived data (indexed once per fetch, shared by all).
import { QueryClient, QueryClientProvider, useQuery } from "@tanstack/react-query";
import { createContext, useMemo, type ReactNode } from "react";
import { useStore } from "zustand";
import { api, ApiError } from "./api";
import { tieSelection, visibleActors } from "./filters";
import { indexEcosystem, type Ecosystem } from "./graph";
import { localDegree, metricsFrom, type Metrics } from "./metrics";
import type { AtlasStore } from "./store";
import type { TieSelection } from "./surveyAnalysis";

export const StoreContext = createContext<AtlasStore | null>(null);

export interface MapData {
  eco: Ecosystem | null;
  metrics: Metrics;
  /** Actors the filters keep; null when no filter is on. */
  visible: Set<string> | null;
  analysisPending: boolean;
}
export const MapDataContext = createContext<MapData | null>(null);

export const queryKeys = {
  maps: ["maps"] as const,
  map: (mapId: string) => ["map", mapId] as const,
  mapInfo: (mapId: string) => ["map", mapId, "info"] as const,
  graph: (mapId: string) => ["map", mapId, "graph"] as const,
  analysis: (mapId: string, kind: string) => ["map", mapId, "analysis", kind] as const,
  matches: (mapId: string, needId: string) => ["map", mapId, "matches", needId] as const,
  session: ["session"] as const,
  tokens: ["session", "tokens"] as const,
  members: (mapId: string) => ["map", mapId, "members"] as const,
  shareLinks: (mapId: string) => ["map", mapId, "share-links"] as const,
};

/** The cache key of an analysis: one per tie selection, so all-ties and confirmed-only answers never mix. */
export const analysisKind = (kind: string, ties: TieSelection) => (ties === "all" ? kind : `${kind}:${ties}`);

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // Client errors (unknown map, bad request) do not get better by asking again.
        retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
      },
    },
  });
}

function MapDataProvider({ store, children }: { store: AtlasStore; children: ReactNode }) {
  const mapId = useStore(store, (s) => s.ui.mapId);
  const filters = useStore(store, (s) => s.filters);
  const ties = tieSelection(filters);
  const enabled = !!mapId;
  const graph = useQuery({ queryKey: queryKeys.graph(mapId ?? ""), queryFn: () => api.graph(mapId!), enabled });
  const centrality = useQuery({
    queryKey: queryKeys.analysis(mapId ?? "", analysisKind("centrality", ties)),
    queryFn: () => api.centrality(mapId!, ties),
    enabled,
  });
  const gaps = useQuery({
    queryKey: queryKeys.analysis(mapId ?? "", analysisKind("gaps", ties)),
    queryFn: () => api.gaps(mapId!, ties),
    enabled,
  });
  const communities = useQuery({
    queryKey: queryKeys.analysis(mapId ?? "", analysisKind("communities", ties)),
    queryFn: () => api.communities(mapId!, ties),
    enabled,
  });

  const eco = useMemo(() => (graph.data ? indexEcosystem(graph.data) : null), [graph.data]);
  // Computed once per version of the map, so that metrics arriving later leave it (and the sizes drawn) unchanged.
  const degree = useMemo(() => (eco ? localDegree(eco.neighbours) : null), [eco]);
  const metrics = useMemo(() => {
    const m = metricsFrom(centrality.data, gaps.data, communities.data);
    if (!m.values.degree) m.values.degree = degree;
    return m;
  }, [centrality.data, gaps.data, communities.data, degree]);
  const visible = useMemo(
    () => (eco ? visibleActors(eco, filters, metrics.values[filters.thresholdMetric]) : null),
    [eco, filters, metrics],
  );
  const analysisPending = centrality.isPending || gaps.isPending || communities.isPending;
  const value = useMemo(() => ({ eco, metrics, visible, analysisPending }), [eco, metrics, visible, analysisPending]);
  return <MapDataContext.Provider value={value}>{children}</MapDataContext.Provider>;
}

export function AtlasProvider({
  store,
  queryClient,
  children,
}: {
  store: AtlasStore;
  queryClient: QueryClient;
  children: ReactNode;
}) {
  return (
    <QueryClientProvider client={queryClient}>
      <StoreContext.Provider value={store}>
        <MapDataProvider store={store}>{children}</MapDataProvider>
      </StoreContext.Provider>
    </QueryClientProvider>
  );
}
