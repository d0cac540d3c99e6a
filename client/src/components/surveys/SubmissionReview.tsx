// A respondent's submission as a change list: editors tick the changes to take and accept them, or also reject the
// rest; what was decided reads as accepted or rejected. Accepted changes land on the map, which is read again.
import { useState } from "react";
import { useEcosystem } from "../../core/hooks";
import { changeLines, dayLabel, decisionOf, type Change } from "../../core/surveys";
import { useDecide, useSubmission } from "../../core/surveys/hooks";

const DECISION_CLASS = { pending: "", accepted: "status-accepted", rejected: "status-declined" } as const;

function ChangeRow({
  change,
  editable,
  ticked,
  onTick,
}: {
  change: Change;
  editable: boolean;
  ticked: boolean;
  onTick: (on: boolean) => void;
}) {
  const eco = useEcosystem();
  const lines = changeLines(change, (id) => eco?.categories.get(id)?.name);
  const body = (
    <span className="grow">
      <span className="title">{change.summary}</span>
      {lines.length > 0 && (
        <span className="change-lines">
          {lines.map((l) => (
            <span key={l} className="meta">
              {l}
            </span>
          ))}
        </span>
      )}
    </span>
  );
  return (
    <li data-change-key={change.key} data-decision={change.decision} data-testid="change-row">
      {change.decision === "pending" && editable ? (
        <label>
          <input type="checkbox" checked={ticked} onChange={(e) => onTick(e.target.checked)} />
          {body}
        </label>
      ) : (
        <div className="change-decided">
          {change.decision !== "pending" && (
            <span className={`badge ${DECISION_CLASS[change.decision]}`}>{change.decision}</span>
          )}
          {body}
        </div>
      )}
    </li>
  );
}

export function SubmissionReview({
  surveyId,
  actorId,
  name,
  canEdit,
}: {
  surveyId: string;
  actorId: string;
  name: string;
  canEdit: boolean;
}) {
  const submission = useSubmission(surveyId, actorId);
  const decide = useDecide(surveyId, actorId);
  // Keys left unticked; every pending change starts ticked, so accepting everything is one click.
  const [unticked, setUnticked] = useState<ReadonlySet<string>>(new Set());
  const changes = submission.data?.changes ?? [];
  const pending = changes.filter((c) => c.decision === "pending");
  const ticked = new Set(pending.map((c) => c.key).filter((k) => !unticked.has(k)));

  const send = (rejectRest: boolean) => decide.mutate(decisionOf(changes, ticked, rejectRest));

  if (submission.isPending) return <p className="muted small">Reading the answers…</p>;
  if (submission.isError)
    return (
      <p className="error" role="alert">
        {submission.error.message}
      </p>
    );
  return (
    <section className="submission-review" aria-label={`Answers of ${name}`} data-testid="submission-review">
      <p className="meta">
        Round {submission.data.round} · submitted {dayLabel(submission.data.submittedAt)}{" "}
        {new Date(submission.data.submittedAt).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" })}
      </p>
      {changes.length === 0 ? (
        <p className="muted small">Nothing to change: the answers say what the map says.</p>
      ) : (
        <ul className="assignments change-list">
          {changes.map((c) => (
            <ChangeRow
              key={c.key}
              change={c}
              editable={canEdit}
              ticked={ticked.has(c.key)}
              onTick={(on) =>
                setUnticked((u) => {
                  const next = new Set(u);
                  if (on) next.delete(c.key);
                  else next.add(c.key);
                  return next;
                })
              }
            />
          ))}
        </ul>
      )}
      {canEdit && pending.length > 0 && (
        <div className="review-actions">
          <button
            type="button"
            className="btn primary small"
            disabled={decide.isPending || ticked.size === 0}
            onClick={() => send(false)}
            data-testid="accept-selected"
          >
            Accept selected ({ticked.size})
          </button>
          <button
            type="button"
            className="btn small"
            disabled={decide.isPending}
            onClick={() => send(true)}
            data-testid="reject-rest"
            title="Accepts the ticked changes and rejects the others"
          >
            {ticked.size ? "Accept selected, reject the rest" : "Reject all"}
          </button>
        </div>
      )}
      {decide.isError && (
        <p className="error" role="alert">
          {decide.error.message}
        </p>
      )}
      {decide.isSuccess && (
        <p className="outcome ok" role="status">
          Decided. Accepted changes are on the map.
        </p>
      )}
    </section>
  );
}
