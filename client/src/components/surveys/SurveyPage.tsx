// One survey in the Surveys tab: how many answered and how many reported ties both ends confirmed, each respondent's
// progress and link, the links as CSV for a mail merge, closing, reopening and a new round; a submitted respondent's
// answers open as a change list to review.
import { useState } from "react";
import { absoluteLink } from "../../core/auth";
import {
  dayLabel,
  dayOf,
  endOfDay,
  linksCsvUrl,
  percent,
  progressOf,
  roundClosingDay,
  type Respondent,
  type Survey,
  type SurveyPatch,
} from "../../core/surveys";
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
  const progress = progressOf(r);
  return (
    <li className="stack" data-testid="respondent-row" data-actor-id={r.actorId} data-status={r.status}>
      <div className="respondent-head">
        <span className="grow">
          <span className="title">{r.name}</span>
          <span className="meta">
            <span className={`badge ${STATUS_CLASS[r.status]}`}>{progress.label}</span>
            {progress.since ? dayLabel(progress.since) : ""}
          </span>
        </span>
        {canEdit && r.status === "submitted" && (
          <button
            type="button"
            className="btn small"
            aria-expanded={open}
            onClick={onToggle}
            data-testid="review-respondent"
          >
            {open ? "Hide" : "Review"}
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
      {canEdit && open && <SubmissionReview surveyId={surveyId} actorId={r.actorId} name={r.name} canEdit />}
    </li>
  );
}

/**
 * The closing day, changed; closing now; reopening, with the day chosen when the one set has passed (the server
 * refuses to reopen a survey whose closing time has passed).
 */
function ClosingControls({ survey }: { survey: Survey }) {
  const { update } = useSurveyWrites();
  const [day, setDay] = useState(() => dayOf(survey.closesAt));
  const changed = day !== dayOf(survey.closesAt) && /^\d{4}-\d{2}-\d{2}$/.test(day);
  const patch = (p: SurveyPatch) => update.mutate({ surveyId: survey.id, patch: p });
  return (
    <div className="survey-closing">
      <div className="field">
        <label htmlFor="survey-closing-day">Closes at the end of</label>
        <input id="survey-closing-day" type="date" value={day} onChange={(e) => setDay(e.target.value)} />
      </div>
      <button
        type="button"
        className="btn small"
        disabled={!changed || update.isPending}
        onClick={() => patch({ closesAt: endOfDay(day) })}
        data-testid="survey-closing-change"
      >
        Change
      </button>
      <button
        type="button"
        className="btn small"
        disabled={update.isPending}
        onClick={() =>
          patch(
            survey.status === "open"
              ? { status: "closed" }
              : {
                  status: "open",
                  ...(changed || Date.parse(survey.closesAt) <= Date.now() ? { closesAt: endOfDay(day) } : {}),
                },
          )
        }
        data-testid="survey-open-close"
      >
        {survey.status === "open" ? "Close now" : "Reopen"}
      </button>
      {update.error && (
        <p className="error" role="alert">
          {update.error.issues.length
            ? update.error.issues.map((i) => `${i.field} ${i.message}`).join("; ")
            : update.error.message}
        </p>
      )}
    </div>
  );
}

/** A new round: the same roster and questions, new links, empty answers, closing on the day chosen. */
function NewRoundForm({ survey, onDone }: { survey: Survey; onDone: () => void }) {
  const { newRound } = useSurveyWrites();
  const [day, setDay] = useState(() => roundClosingDay(survey.closesAt));
  const next = survey.round + 1;
  return (
    <div className="notice survey-round" data-testid="new-round-form">
      <p className="small">
        Round {next} gives every actor on the roster a new link and empty answers. What was accepted stays on the map.
      </p>
      <div className="survey-closing">
        <div className="field">
          <label htmlFor="survey-round-day">Round {next} closes at the end of</label>
          <input id="survey-round-day" type="date" value={day} onChange={(e) => setDay(e.target.value)} />
        </div>
        <button
          type="button"
          className="btn small primary"
          disabled={newRound.isPending || !/^\d{4}-\d{2}-\d{2}$/.test(day)}
          onClick={() => newRound.mutate({ surveyId: survey.id, closesAt: endOfDay(day) }, { onSuccess: onDone })}
          data-testid="confirm-round"
        >
          Start round {next}
        </button>
        <button type="button" className="btn small ghost" onClick={onDone}>
          Keep round {survey.round}
        </button>
      </div>
      {newRound.error && (
        <p className="error" role="alert">
          {newRound.error.issues.length
            ? newRound.error.issues.map((i) => `${i.field} ${i.message}`).join("; ")
            : newRound.error.message}
        </p>
      )}
    </div>
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
  const { remove } = useSurveyWrites();
  const [reviewing, setReviewing] = useState<string | null>(null);
  const [confirmRound, setConfirmRound] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const s = survey.data;

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
          <h2 className="survey-title">{s.title}</h2>
          <p className="meta">
            <span className={`badge ${s.status === "open" ? "status-accepted" : ""}`}>{s.status}</span>
            Round {s.round} · {s.status === "open" ? "closes" : "closing day"} {dayLabel(s.closesAt)}
          </p>
          {s.intro && <p className="small">{s.intro}</p>}
          <Rates survey={s} />
          {canEdit && <ClosingControls key={s.closesAt} survey={s} />}
          {canEdit && (
            <div className="survey-actions">
              <button
                type="button"
                className="btn small"
                aria-expanded={confirmRound}
                onClick={() => setConfirmRound(!confirmRound)}
                data-testid="new-round"
                title="The same roster and questions, new links, empty answers"
              >
                New round
              </button>
              <a className="btn small" href={linksCsvUrl(mapId, surveyId)} download data-testid="links-csv">
                <Icon name="download" size={14} /> Links (CSV)
              </a>
              <a className="btn small" href={linksCsvUrl(mapId, surveyId, true)} download data-testid="missing-csv">
                <Icon name="download" size={14} /> Not yet submitted (CSV)
              </a>
            </div>
          )}
          {canEdit && confirmRound && <NewRoundForm survey={s} onDone={() => setConfirmRound(false)} />}
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
      {canEdit && s && (
        <div className="survey-delete">
          {confirmDelete ? (
            <>
              <p className="notice small">
                Deleting '{s.title}' drops its links and every answer not yet accepted. What was accepted stays on the
                map, with its provenance.
              </p>
              <button
                type="button"
                className="btn small danger confirm"
                disabled={remove.isPending}
                onClick={() => remove.mutate(surveyId, { onSuccess: onBack })}
                data-testid="confirm-delete-survey"
              >
                Delete survey
              </button>{" "}
              <button type="button" className="btn small ghost" onClick={() => setConfirmDelete(false)}>
                Keep it
              </button>
            </>
          ) : (
            <button
              type="button"
              className="btn small danger"
              onClick={() => setConfirmDelete(true)}
              data-testid="delete-survey"
            >
              <Icon name="trash" size={14} /> Delete survey
            </button>
          )}
          {remove.error && (
            <p className="error" role="alert">
              {remove.error.message}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
