// The Surveys tab, for the map's members: its surveys with their response rates, a new one for editors and owners,
// and one survey's page. Viewers read; the controls that write are not offered to them.
import { useState } from "react";
import { useMapAccess, useMapId } from "../../core/hooks";
import { dayLabel, isMemberReach, percent, type SurveysView } from "../../core/surveys";
import { useSurveyList } from "../../core/surveys/hooks";
import { Icon } from "../Icon";
import { NewSurveyDialog } from "./NewSurveyDialog";
import { SurveyPage } from "./SurveyPage";
import "./surveys.css";

export function SurveysPanel() {
  const mapId = useMapId();
  const access = useMapAccess();
  const member = isMemberReach(access?.reach);
  const canEdit = member && !!access?.canEdit;
  const list = useSurveyList(member);
  const [view, setView] = useState<SurveysView>({ kind: "list" });

  if (!access || !mapId) return null;
  if (!member) return <p className="panel-pad muted">Surveys are for the map's members.</p>;
  if (view.kind === "survey")
    return (
      <SurveyPage
        key={view.surveyId}
        mapId={mapId}
        surveyId={view.surveyId}
        canEdit={canEdit}
        onBack={() => setView({ kind: "list" })}
      />
    );

  const items = list.data?.items ?? [];
  return (
    <div className="panel-pad surveys-panel" data-testid="surveys-panel">
      <div className="section-head">
        <h3>Surveys</h3>
        {canEdit && (
          <button
            type="button"
            className="btn small primary"
            onClick={() => setView({ kind: "new" })}
            data-testid="new-survey"
          >
            <Icon name="plus" size={14} /> New survey
          </button>
        )}
      </div>
      <p className="hint">
        Ask the actors of this map for their partners, needs and offerings, each through a link of its own. Answers wait
        for review before they reach the map.
      </p>
      {list.isError && (
        <p className="error" role="alert">
          {list.error.message}
        </p>
      )}
      <ul className="items" aria-label="Surveys" data-testid="survey-list">
        {items.map((s) => (
          <li key={s.id}>
            <button
              type="button"
              className="item"
              onClick={() => setView({ kind: "survey", surveyId: s.id })}
              data-survey-id={s.id}
            >
              <span className={`badge ${s.status === "open" ? "status-accepted" : ""}`}>{s.status}</span>
              <span className="grow">
                <span className="title">{s.title}</span>
                <span className="meta">
                  Round {s.round} · {s.rates.submitted} of {s.rates.roster} answered ({percent(s.rates.responseRate)}) ·
                  {s.status === "open" ? "closes" : "closing day"} {dayLabel(s.closesAt)}
                </span>
              </span>
            </button>
          </li>
        ))}
        {list.isSuccess && items.length === 0 && (
          <li className="muted">{canEdit ? "No survey yet: start one with New survey." : "No survey yet."}</li>
        )}
      </ul>
      {view.kind === "new" && (
        <NewSurveyDialog
          onClose={() => setView({ kind: "list" })}
          onCreated={(s) => setView({ kind: "survey", surveyId: s.id })}
        />
      )}
    </div>
  );
}
