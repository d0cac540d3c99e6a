// The application root: one store and one query client per page, the view kept in the URL (see core/url).
import { lazy, Suspense, useEffect, useState } from "react";
import { setShareToken } from "../core/api";
import { openSetPassword, setPasswordTokenFromSearch, shareTokenFromSearch } from "../core/auth";
import { AtlasProvider, createQueryClient } from "../core/context";
import { useActions, useMapId, useMapsQuery, useSignInWhenRefused } from "../core/hooks";
import { createAtlasStore, getEmptyAtlasState, type AtlasState, type AtlasStore } from "../core/store";
import { surveyTokenFromLocation } from "../core/survey/utils";
import { applyView, viewFromSearch, viewOf, writeView } from "../core/url";
import { AtlasView } from "./atlas/AtlasView";
import { AuthPages } from "./auth/AuthPages";

const DEFAULT_MAP = "riverbend";

// A respondent's link (`/survey/<token>` or `/?respond=<token>`) opens its own small page: no map, no sign-in, no atlas store.
const SurveyPage = lazy(() => import("./survey/SurveyPage").then((m) => ({ default: m.SurveyPage })));

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

/** A write refused for want of a session brings up the sign-in page (see useSignInWhenRefused). */
function SignInWhenRefused() {
  useSignInWhenRefused();
  return null;
}

/** The page's first state: the view its URL names, and the account page a one-time link opens. */
function initialState(search: string) {
  const state = applyView(viewFromSearch(search))(getEmptyAtlasState());
  const token = setPasswordTokenFromSearch(search);
  return token ? { ...state, auth: openSetPassword(token)(state.auth) } : state;
}

export function App({ store }: { store?: AtlasStore }) {
  const surveyToken = surveyTokenFromLocation(window.location.pathname, window.location.search);
  if (surveyToken !== null)
    return (
      <Suspense fallback={null}>
        <SurveyPage token={surveyToken} />
      </Suspense>
    );
  return <Atlas store={store} />;
}

function Atlas({ store: given }: { store?: AtlasStore }) {
  const [store] = useState(() => {
    // Before the first request: every call of this page carries the share link it was opened with.
    setShareToken(shareTokenFromSearch(window.location.search));
    return given ?? createAtlasStore(initialState(window.location.search));
  });
  const [queryClient] = useState(createQueryClient);
  return (
    <AtlasProvider store={store} queryClient={queryClient}>
      <MapUrlSync store={store} />
      <SignInWhenRefused />
      <AtlasView />
      <AuthPages />
    </AtlasProvider>
  );
}
