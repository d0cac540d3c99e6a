// The application root: one store and one query client per page, the view kept in the URL (see core/url).
import { useEffect, useState } from "react";
import { AtlasProvider, createQueryClient } from "../core/context";
import { useActions, useMapId, useMapsQuery } from "../core/hooks";
import { createAtlasStore, getEmptyAtlasState, type AtlasState, type AtlasStore } from "../core/store";
import { applyView, viewFromSearch, viewOf, writeView } from "../core/url";
import { AtlasView } from "./atlas/AtlasView";

const DEFAULT_MAP = "riverbend";

/** The view a link names: map, selection, tab, filters, focus, layout, sizing and colouring. */
const viewFromUrl = () => viewFromSearch(window.location.search);

/** Keeps the URL and the store in step (the view, see core/url), and picks a map when the URL names none. */
function MapUrlSync({ store }: { store: AtlasStore }) {
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
    // Replaced, not pushed: a click on every actor would otherwise fill the history. The store changes on each hover;
    // the query string only when the view does, and only then is history touched.
    const write = (s: AtlasState) => {
      const search = writeView(window.location.search, viewOf(s));
      if (search !== window.location.search)
        window.history.replaceState(
          window.history.state,
          "",
          `${window.location.pathname}${search}${window.location.hash}`,
        );
    };
    write(store.getState());
    return store.subscribe(write);
  }, [store]);
  useEffect(() => {
    const onPop = () => store.getState().apply(applyView(viewFromUrl()));
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, [store]);
  return null;
}

export function App({ store: given }: { store?: AtlasStore }) {
  const [store] = useState(() => given ?? createAtlasStore(applyView(viewFromUrl())(getEmptyAtlasState())));
  const [queryClient] = useState(createQueryClient);
  return (
    <AtlasProvider store={store} queryClient={queryClient}>
      <MapUrlSync store={store} />
      <AtlasView />
    </AtlasProvider>
  );
}
