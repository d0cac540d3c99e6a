import { ActorDetails } from "../../components/ActorDetails";
import { AllocationPanel } from "../../components/allocation/AllocationPanel";
import { CommitmentsBoard } from "../../components/commitments/CommitmentsBoard";
import { FacilitatorQueue } from "../../components/FacilitatorQueue";
import { FunderLens } from "../../components/FunderLens";
import { GapsPanel } from "../../components/GapsPanel";
import { MapOverview } from "../../components/MapOverview";
import { Chevron, PanelToggle, useSheet } from "../../components/PanelToggle";
import { StructurePanel } from "../../components/StructurePanel";
import { SurveysPanel } from "../../components/surveys/SurveysPanel";
import { useActions, useEcosystem, useMapAccess, useSelectedActorId, useUi } from "../../core/hooks";
import { isMemberReach } from "../../core/surveys";
import type { PanelTab } from "../../core/ui";

const TABS: ReadonlyArray<{ id: PanelTab; label: string }> = [
  { id: "details", label: "Details" },
  { id: "gaps", label: "Gaps" },
  { id: "queue", label: "Queue" },
  { id: "funders", label: "Funders" },
  { id: "structure", label: "Structure" },
  { id: "commitments", label: "Commitments" },
  { id: "plan", label: "Plan" },
  { id: "surveys", label: "Surveys" },
];

export function SidePanel() {
  const { panel } = useUi();
  const eco = useEcosystem();
  const selected = useSelectedActorId();
  const actions = useActions();
  const reach = useMapAccess()?.reach;
  const tabs = TABS.filter((t) => t.id !== "surveys" || isMemberReach(reach));
  const actor = selected ? eco?.actors.get(selected) : undefined;
  // Phones show the panel as a bottom sheet that folds down to this toggle; wide screens hide the toggle.
  const [sheetOpen, setSheetOpen] = useSheet(selected, panel, !!selected || panel !== "details");
  const tabLabel = TABS.find((t) => t.id === panel)?.label ?? panel;
  return (
    <aside className={`side-panel${sheetOpen ? " sheet-open" : ""}`} aria-label="Panels">
      <PanelToggle
        expanded={sheetOpen}
        onToggle={() => setSheetOpen(!sheetOpen)}
        controls={`panel-tabs tabpanel-${panel}`}
        className="sheet-toggle"
        testId="sheet-toggle"
      >
        <span className="visually-hidden">Panel: </span>
        <span className="sheet-title">
          {tabLabel}
          {panel === "details" && actor ? ` · ${actor.name}` : ""}
        </span>
        <Chevron open={sheetOpen} />
      </PanelToggle>
      <div className="tabs" role="tablist" aria-label="Panels" id="panel-tabs">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={panel === t.id}
            aria-controls={`tabpanel-${t.id}`}
            className={panel === t.id ? "on" : ""}
            onClick={() => actions.ui.setPanel(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div className="tab-body" role="tabpanel" id={`tabpanel-${panel}`} aria-labelledby={`tab-${panel}`}>
        {panel === "details" && (actor ? <ActorDetails key={actor.id} actor={actor} /> : <MapOverview />)}
        {panel === "gaps" && <GapsPanel />}
        {panel === "queue" && <FacilitatorQueue />}
        {panel === "funders" && <FunderLens />}
        {panel === "structure" && <StructurePanel />}
        {panel === "commitments" && <CommitmentsBoard />}
        {panel === "plan" && <AllocationPanel />}
        {panel === "surveys" && <SurveysPanel />}
      </div>
    </aside>
  );
}
