// One survey in the Surveys tab: how many answered and how many reported ties both ends confirmed, each respondent's
// progress and link, the links as CSV for a mail merge, closing, reopening and a new round; a submitted respondent's
// answers open as a change list to review.
import { useState } from "react";
import { absoluteLink } from "../../core/auth";
import { dayLabel, linksCsvUrl, percent, STATUS_LABELS, type Respondent, type Survey } from "../../core/surveys";
import { useSurveyDetail, useSurveyWrites } from "../../core/surveys/hooks";
import { CopyField } from "../CopyField";
import { Icon } from "../Icon";
import { SubmissionReview } from "./SubmissionReview";

const STATUS_CLASS = { not_opened: "", started: "status-proposed", submitted: "status-accepted" } as const;

function Rates({ survey }: { survey: Survey }) {
  const r = survey.rates;
  return (
    <dl className="stats" data-testid="survey-rates">
      <div>
        <dt>Response rate</dt>
        <dd>{percent(r.responseRate)}</dd>
      </div>
      <div>
        <dt>Reciprocity</dt>
        <dd title="Ties between roster members that both ends reported, of those reported">{percent(r.reciprocity)}</dd>
      </div>
      <div>
        <dt>Submitted</dt>
        <dd>
          {r.submitted}/{r.roster}
        </dd>
      </div>
      <div>
        <dt>Opened</dt>
        <dd>{r.opened}</dd>
      </div>
      <div>
        <dt>Started</dt>
        <dd>{r.started}</dd>
      </div>
    </dl>
  );
}

function RespondentRow({
  surveyId,
  respondent: r,
  canEdit,
  open,
  onToggle,
}: {
  surveyId: string;
  respondent: Respondent;
  canEdit: boolean;
  open: boolean;
  onToggle: () => void;
}) {
  const when = r.submittedAt ?? r.savedAt ?? r.openedAt;
  return (
    <li className="stack" data-testid="respondent-row" data-actor-id={r.actorId} data-status={r.status}>
      <div className="respondent-head">
        <span className="grow">
          <span className="title">{r.name}</span>
          <span className="meta">
            <span className={`badge ${STATUS_CLASS[r.status]}`}>{STATUS_LABELS[r.status]}</span>
            {when ? dayLabel(when) : ""}
          </span>
        </span>
        {r.status === "submitted" && (
          <button
            type="button"
            className="btn small"
            aria-expanded={open}
            onClick={onToggle}
            data-testid="review-respondent"
          >
            {open ? "Hide" : canEdit ? "Review" : "Answers"}
          </button>
        )}
      </div>
      {canEdit && r.link && (
        <CopyField
          label={`Link for ${r.name}`}
          value={absoluteLink(r.link, window.location.origin)}
          testId={`link-${r.actorId}`}
        />
      )}
      {open && <SubmissionReview surveyId={surveyId} actorId={r.actorId} name={r.name} canEdit={canEdit} />}
    </li>
  );
}

export function SurveyPage({
  mapId,
  surveyId,
  canEdit,
  onBack,
}: {
  mapId: string;
  surveyId: string;
  canEdit: boolean;
  onBack: () => void;
}) {
  const { survey, respondents } = useSurveyDetail(surveyId);
  const { update, newRound } = useSurveyWrites();
  const [reviewing, setReviewing] = useState<string | null>(null);
  const [confirmRound, setConfirmRound] = useState(false);
  const s = survey.data;
  const writeError = update.error ?? newRound.error;

  return (
    <div className="panel-pad survey-page" data-testid="survey-page" data-survey-id={surveyId}>
      <button type="button" className="link" onClick={onBack}>
        ← All surveys
      </button>
      {survey.isError && (
        <p className="error" role="alert">
          {survey.error.message}
        </p>
      )}
      {s && (
        <>
          <h3>{s.title}</h3>
          <p className="meta">
            <span className={`badge ${s.status === "open" ? "status-accepted" : ""}`}>{s.status}</span>
            Round {s.round} · {s.status === "open" ? "closes" : "closing day"} {dayLabel(s.closesAt)}
          </p>
          {s.intro && <p className="small">{s.intro}</p>}
          <Rates survey={s} />
          {canEdit && (
            <div className="survey-actions">
              <button
                type="button"
                className="btn small"
                disabled={update.isPending}
                onClick={() => update.mutate({ surveyId, patch: { status: s.status === "open" ? "closed" : "open" } })}
                data-testid="survey-open-close"
              >
                {s.status === "open" ? "Close now" : "Reopen"}
              </button>
              {confirmRound ? (
                <>
                  <button
                    type="button"
                    className="btn small primary"
                    disabled={newRound.isPending}
                    onClick={() => newRound.mutate(surveyId, { onSuccess: () => setConfirmRound(false) })}
                    data-testid="confirm-round"
                  >
                    Start round {s.round + 1}
                  </button>
                  <button type="button" className="btn small ghost" onClick={() => setConfirmRound(false)}>
                    Keep round {s.round}
                  </button>
                </>
              ) : (
                <button
                  type="button"
                  className="btn small"
                  onClick={() => setConfirmRound(true)}
                  data-testid="new-round"
                  title="The same roster and questions, new links, empty answers"
                >
                  New round
                </button>
              )}
              <a className="btn small" href={linksCsvUrl(mapId, surveyId)} download data-testid="links-csv">
                <Icon name="download" size={14} /> Links (CSV)
              </a>
              <a className="btn small" href={linksCsvUrl(mapId, surveyId, true)} download data-testid="missing-csv">
                <Icon name="download" size={14} /> Not yet submitted (CSV)
              </a>
            </div>
          )}
          {confirmRound && (
            <p className="notice small">
              A new round gives every actor on the roster a new link and empty answers. What was accepted stays on the
              map.
            </p>
          )}
          {writeError && (
            <p className="error" role="alert">
              {writeError.issues.length
                ? writeError.issues.map((i) => `${i.field} ${i.message}`).join("; ")
                : writeError.message}
            </p>
          )}
        </>
      )}
      <h4>Respondents</h4>
      {respondents.isError && (
        <p className="error" role="alert">
          {respondents.error.message}
        </p>
      )}
      <ul className="items respondents" aria-label="Respondents" data-testid="respondents">
        {(respondents.data ?? []).map((r) => (
          <RespondentRow
            key={r.actorId}
            surveyId={surveyId}
            respondent={r}
            canEdit={canEdit}
            open={reviewing === r.actorId}
            onToggle={() => setReviewing(reviewing === r.actorId ? null : r.actorId)}
          />
        ))}
      </ul>
    </div>
  );
}
