// The application root: one store and one query client per page, the map id kept in the URL (`?map=`).
import { useEffect, useState } from "react";
import { AtlasProvider, createQueryClient } from "../core/context";
import { useActions, useMapId, useMapsQuery } from "../core/hooks";
import { createAtlasStore, type AtlasStore } from "../core/store";
import { getEmptyUiState } from "../core/ui";
import { AtlasView } from "./atlas/AtlasView";

const DEFAULT_MAP = "riverbend";

function mapFromUrl(): string | null {
  return new URLSearchParams(window.location.search).get("map");
}

/** Keeps `?map=` and the store in step, and picks a map when the URL names none. */
function MapUrlSync() {
  const mapId = useMapId();
  const maps = useMapsQuery();
  const actions = useActions();
  useEffect(() => {
    if (mapId || !maps.data) return;
    const items = maps.data.items;
    const pick = items.find((m) => m.id === DEFAULT_MAP) ?? items[0];
    if (pick) actions.chooseMap(pick.id);
  }, [mapId, maps.data, actions]);
  useEffect(() => {
    if (!mapId) return;
    const url = new URL(window.location.href);
    if (url.searchParams.get("map") !== mapId) {
      url.searchParams.set("map", mapId);
      window.history.replaceState(null, "", url);
    }
  }, [mapId]);
  useEffect(() => {
    const onPop = () => actions.chooseMap(mapFromUrl());
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, [actions]);
  return null;
}

export function App({ store: given }: { store?: AtlasStore }) {
  const [store] = useState(() => given ?? createAtlasStore({ ui: getEmptyUiState(mapFromUrl()) }));
  const [queryClient] = useState(createQueryClient);
  return (
    <AtlasProvider store={store} queryClient={queryClient}>
      <MapUrlSync />
      <AtlasView />
    </AtlasProvider>
  );
}
