// A new survey: its title, introduction and closing day, the questions it asks, and its roster (actors by type,
// region or tag, and by hand), with how many actors the roster will hold before it is created.
import { useMemo, useState, type FormEvent } from "react";
import { ACTOR_LABELS } from "../../core/appearance";
import { ACTOR_TYPES } from "../../core/forms";
import { ApiError, useEcosystem } from "../../core/hooks";
import {
  draftProblems,
  getEmptySurveyDraft,
  rosterFilterOf,
  rosterOf,
  tagsOf,
  toSurveyCreate,
  type Survey,
  type SurveyDraft,
  type SurveyQuestions,
} from "../../core/surveys";
import { useSurveyWrites } from "../../core/surveys/hooks";
import { ActorCombobox } from "../ActorCombobox";
import { Icon } from "../Icon";
import { Modal } from "../Modal";

const QUESTIONS: ReadonlyArray<{ key: keyof SurveyQuestions; label: string; hint: string }> = [
  { key: "partners", label: "Partners", hint: "who they work with, how often, how closely" },
  { key: "needs", label: "Needs", hint: "what they need, how much, how urgently" },
  { key: "offerings", label: "Offerings", hint: "what they offer, how much, how" },
  { key: "ratings", label: "Ratings", hint: "trust and value of each partner, 1-4 (PARTNER)" },
];

function refusal(err: unknown): string {
  if (err instanceof ApiError && err.issues.length) return err.issues.map((i) => `${i.field}: ${i.message}`).join("; ");
  return (err as Error).message;
}

const toggle = <T,>(list: readonly T[], item: T): T[] =>
  list.includes(item) ? list.filter((x) => x !== item) : [...list, item];

/** A group of checkboxes for one roster filter. */
function FilterGroup<T extends string>({
  legend,
  options,
  chosen,
  label = (o) => o,
  onToggle,
  testId,
}: {
  legend: string;
  options: readonly T[];
  chosen: readonly T[];
  label?: (o: T) => string;
  onToggle: (o: T) => void;
  testId: string;
}) {
  if (!options.length) return null;
  return (
    <fieldset className="survey-filter" data-testid={testId}>
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o} className="check">
          <input type="checkbox" checked={chosen.includes(o)} onChange={() => onToggle(o)} /> {label(o)}
        </label>
      ))}
    </fieldset>
  );
}

export function NewSurveyDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (s: Survey) => void }) {
  const eco = useEcosystem();
  const { create } = useSurveyWrites();
  const [draft, setDraft] = useState<SurveyDraft>(() => getEmptySurveyDraft());
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set = (patch: Partial<SurveyDraft>) => setDraft((d) => ({ ...d, ...patch }));

  const actors = useMemo(() => (eco ? [...eco.actors.values()] : []), [eco]);
  const tags = useMemo(() => tagsOf(actors), [actors]);
  const types = useMemo(() => ACTOR_TYPES.filter((t) => actors.some((a) => a.type === t)), [actors]);
  const roster = useMemo(() => rosterOf(actors, rosterFilterOf(draft)), [actors, draft]);
  const problems = draftProblems(draft, roster.length);
  const shown = tried ? problems : {};

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (Object.keys(problems).length) return;
    setError(null);
    try {
      onCreated(await create.mutateAsync(toSurveyCreate(draft)));
    } catch (err) {
      setError(refusal(err));
    }
  };

  const fieldError = (key: string) =>
    shown[key] ? (
      <span className="field-error" id={`survey-${key}-error`}>
        {shown[key]}
      </span>
    ) : null;

  return (
    <Modal
      title="New survey"
      subtitle="Each actor on the roster gets a link of its own. Answers wait for your review before they reach the map."
      onClose={onClose}
      testId="new-survey-dialog"
      wide
    >
      <form onSubmit={onSubmit} noValidate aria-label="New survey" className="new-survey">
        <div className="form-grid">
          <div className={`field wide${shown.title ? " has-error" : ""}`}>
            <label htmlFor="survey-title">Title</label>
            <input
              id="survey-title"
              value={draft.title}
              maxLength={200}
              onChange={(e) => set({ title: e.target.value })}
              aria-invalid={!!shown.title}
              aria-describedby={shown.title ? "survey-title-error" : undefined}
            />
            {fieldError("title")}
          </div>
          <div className="field wide">
            <label htmlFor="survey-intro">Introduction</label>
            <textarea
              id="survey-intro"
              rows={3}
              value={draft.intro}
              maxLength={5000}
              placeholder="Why you ask, what you will do with the answers"
              onChange={(e) => set({ intro: e.target.value })}
            />
          </div>
          <div className={`field${shown.closesOn ? " has-error" : ""}`}>
            <label htmlFor="survey-closes">Closes at the end of</label>
            <input
              id="survey-closes"
              type="date"
              value={draft.closesOn}
              onChange={(e) => set({ closesOn: e.target.value })}
              aria-invalid={!!shown.closesOn}
              aria-describedby={shown.closesOn ? "survey-closesOn-error" : undefined}
            />
            {fieldError("closesOn")}
          </div>
          <fieldset className="field wide survey-questions" data-testid="survey-questions">
            <legend>Questions</legend>
            {QUESTIONS.map((q) => (
              <label key={q.key} className="check">
                <input
                  type="checkbox"
                  checked={draft.questions[q.key]}
                  onChange={(e) => set({ questions: { ...draft.questions, [q.key]: e.target.checked } })}
                />{" "}
                <span>
                  {q.label} <span className="muted small">— {q.hint}</span>
                </span>
              </label>
            ))}
            {fieldError("questions")}
          </fieldset>
        </div>

        <h3>Roster</h3>
        <p className="hint">
          Actors matching every filter you tick, plus those you pick by hand. The roster is fixed when the survey is
          created.
        </p>
        <div className="survey-filters">
          <FilterGroup
            legend="Type"
            options={types}
            chosen={draft.types}
            label={(t) => ACTOR_LABELS[t]}
            onToggle={(t) => set({ types: toggle(draft.types, t) })}
            testId="roster-types"
          />
          <FilterGroup
            legend="Region"
            options={eco?.regions ?? []}
            chosen={draft.regions}
            onToggle={(r) => set({ regions: toggle(draft.regions, r) })}
            testId="roster-regions"
          />
          <FilterGroup
            legend="Tag"
            options={tags}
            chosen={draft.tags}
            onToggle={(t) => set({ tags: toggle(draft.tags, t) })}
            testId="roster-tags"
          />
        </div>
        <div className="plan-actors">
          <ActorCombobox
            label="Add actors by hand"
            showLabel
            placeholder="Add an actor…"
            testId="roster-actor"
            onPick={(hit) => !draft.actorIds.includes(hit.id) && set({ actorIds: [...draft.actorIds, hit.id] })}
          />
          {draft.actorIds.length > 0 && (
            <ul className="scope-chips" aria-label="Actors picked by hand">
              {draft.actorIds.map((id) => (
                <li key={id} className="scope-chip">
                  {eco?.actors.get(id)?.name ?? id}
                  <button
                    type="button"
                    className="icon-btn"
                    aria-label={`Remove ${eco?.actors.get(id)?.name ?? id}`}
                    onClick={() => set({ actorIds: draft.actorIds.filter((a) => a !== id) })}
                  >
                    <Icon name="close" size={12} />
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
        <p className="roster-count" role="status" data-testid="roster-count">
          <strong>
            {roster.length} {roster.length === 1 ? "actor" : "actors"}
          </strong>{" "}
          on the roster
          {roster.length > 0 && roster.length <= 8 && (
            <span className="muted">: {roster.map((a) => a.name).join(", ")}</span>
          )}
        </p>
        {fieldError("roster")}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <footer>
          <button type="submit" className="btn primary" disabled={create.isPending} data-testid="create-survey">
            {create.isPending ? "Creating…" : "Create survey"}
          </button>
          <button type="button" className="btn ghost" onClick={onClose}>
            Cancel
          </button>
        </footer>
      </form>
    </Modal>
  );
}
