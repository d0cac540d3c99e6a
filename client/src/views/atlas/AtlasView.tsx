// The page: header (map, search, view switch), explore sidebar, the map or the table, and the panels.
import { useState } from "react";
import { ActorCombobox } from "../../components/ActorCombobox";
import { ActorTable } from "../../components/ActorTable";
import { AccountMenu } from "../../components/auth/AccountMenu";
import { CopyLinkButton } from "../../components/CopyLinkButton";
import { AppearancePanel } from "../../components/AppearancePanel";
import { ErrorBoundary } from "../../components/ErrorBoundary";
import { EditorDialog } from "../../components/forms/EditorDialog";
import { FiltersPanel } from "../../components/FiltersPanel";
import { ImportStateBanner } from "../../components/ImportStateBanner";
import { GraphCanvas } from "../../components/graph/GraphCanvas";
import { Icon } from "../../components/Icon";
import { Legend } from "../../components/Legend";
import { MapChooser } from "../../components/MapChooser";
import { MenuToggle, useResizeRelay } from "../../components/PanelToggle";
import { RedactedNotice } from "../../components/RedactedNotice";
import { Toast } from "../../components/Toast";
import { ApiError, useActions, useGraphQuery, useMapAccess, useMapData, useSession, useUi } from "../../core/hooks";
import { SidePanel } from "./SidePanel";

export function AtlasView() {
  const { view } = useUi();
  const graph = useGraphQuery();
  const { eco, analysisPending } = useMapData();
  const actions = useActions();
  const access = useMapAccess();
  const signedIn = !!useSession().data?.user;
  // A private map answers 404 to whoever may not see it, as an unknown one does: the page cannot tell them apart.
  const missing = graph.error instanceof ApiError && graph.error.status === 404;
  // Phones only: the explore sidebar and the map actions sit behind a menu (see the phone layout in styles.css).
  const [menuOpen, setMenuOpen] = useState(false);
  const stageRef = useResizeRelay<HTMLElement>();

  return (
    <div className={`app${menuOpen ? " menu-open" : ""}`}>
      <header className="topbar">
        <div className="brand">
          <svg width="22" height="22" viewBox="0 0 16 16" aria-hidden="true">
            <path d="M4.5 4.5L11.5 11.5M4.5 4.5L12 4" stroke="#64748B" strokeWidth="1.2" />
            <circle cx="4.5" cy="4.5" r="2.6" fill="#0072B2" />
            <circle cx="11.5" cy="11.5" r="2.6" fill="#E69F00" />
            <circle cx="12.5" cy="3.8" r="1.8" fill="#009E73" />
          </svg>
          <span>Ecosystem Atlas</span>
        </div>
        <MapChooser />
        <MenuToggle open={menuOpen} setOpen={setMenuOpen} controls="explore" />
        <ActorCombobox
          label="Search actors"
          className="search"
          testId="search"
          onPick={(hit) => actions.openActor(hit.id)}
        />
        <div className="segmented view-switch" role="group" aria-label="View">
          <button type="button" aria-pressed={view === "map"} onClick={() => actions.ui.setView("map")}>
            <Icon name="map" /> Map
          </button>
          <button
            type="button"
            aria-pressed={view === "table"}
            onClick={() => actions.ui.setView("table")}
            data-testid="view-table"
          >
            <Icon name="table" /> Table
          </button>
        </div>
        <CopyLinkButton />
        {access?.canEdit && (
          <button
            type="button"
            className="btn primary"
            onClick={() => actions.ui.openEditor({ kind: "actor" })}
            disabled={!eco}
            data-testid="new-actor"
          >
            <Icon name="plus" /> Actor
          </button>
        )}
        <AccountMenu />
      </header>

      <aside className="explore" id="explore" aria-label="Explore">
        <AppearancePanel />
        <Legend />
        <FiltersPanel />
      </aside>

      <main className={`stage ${access?.redacted ? "redacted" : ""}`} aria-busy={graph.isFetching} ref={stageRef}>
        <div className={`canvas-wrap ${view === "table" ? "behind" : ""}`} aria-hidden={view === "table"}>
          <ErrorBoundary label="map">
            <GraphCanvas />
          </ErrorBoundary>
        </div>
        {view === "table" && <ActorTable />}
        {access?.redacted && <RedactedNotice />}
        <ImportStateBanner />
        {graph.isPending && graph.fetchStatus !== "idle" && <div className="stage-message">Loading the map…</div>}
        {graph.isError && (
          <div className="stage-message error" role="alert" data-testid="map-error">
            <div className="stage-message-box">
              <p>{missing ? "This map does not exist or is private." : graph.error.message}</p>
              {missing && !signedIn && (
                <button type="button" className="btn small" onClick={() => actions.auth.openLogin()}>
                  Sign in
                </button>
              )}
            </div>
          </div>
        )}
        {eco && analysisPending && <div className="analysis-pill">Analysing…</div>}
      </main>

      <SidePanel />
      <EditorDialog />
      <Toast />
    </div>
  );
}
