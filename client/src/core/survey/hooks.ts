// The survey page's state in one hook: the form as loaded, the drafts being edited, saving as it goes (debounced,
// one request at a time, the latest draft flushed when the page is hidden), submitting, and the errors to show.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { ApiError } from "../api";
import { surveyApi } from "./index";
import { surveyMessages as msg } from "./messages";
import type { Drafts, FieldErrors, RespondentForm, RowKeys } from "./types";
import {
  draftsFromForm,
  getEmptyDrafts,
  isClosed,
  placeIssues,
  toAnswers,
  withoutErrors,
  type Outgoing,
} from "./utils";

export type LoadState =
  | { kind: "loading" }
  | { kind: "invalid" }
  | { kind: "failed"; message: string }
  | { kind: "ready"; form: RespondentForm; closed: boolean; closedEarly: boolean };

export type SaveState =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "saved"; at: string }
  | { kind: "refused" }
  | { kind: "failed"; message: string };

export const AUTOSAVE_DELAY_MS = 800;

export function useSurvey(token: string, autosaveDelay: number = AUTOSAVE_DELAY_MS) {
  const [load, setLoad] = useState<LoadState>({ kind: "loading" });
  const [attempt, setAttempt] = useState(0);
  const [drafts, setDrafts] = useState<Drafts>(getEmptyDrafts);
  // Moves on every edit: what autosave waits for (loading a draft is not an edit).
  const [edits, setEdits] = useState(0);
  const [save, setSave] = useState<SaveState>({ kind: "idle" });
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  // What incomplete rows lack is shown from the first attempt to submit on, and follows the edits after.
  const [showProblems, setShowProblems] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [submittedAt, setSubmittedAt] = useState<string | null>(null);
  const [thanks, setThanks] = useState(false);
  const [closedMessage, setClosedMessage] = useState<string | null>(null);

  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef<Outgoing | null>(null);

  useEffect(() => {
    let live = true;
    surveyApi.form(token).then(
      (form) => {
        if (!live) return;
        const closed = isClosed(form);
        setLoad({ kind: "ready", form, closed, closedEarly: closed && Date.parse(form.survey.closesAt) > Date.now() });
        setDrafts(draftsFromForm(form));
        setSubmittedAt(form.respondent.submittedAt ?? null);
        setThanks(form.respondent.status === "submitted");
        setSave(form.respondent.savedAt ? { kind: "saved", at: form.respondent.savedAt } : { kind: "idle" });
      },
      (err: unknown) => {
        if (!live) return;
        if (err instanceof ApiError && err.status === 404) setLoad({ kind: "invalid" });
        else setLoad({ kind: "failed", message: reason(err) });
      },
    );
    return () => {
      live = false;
    };
  }, [token, attempt]);

  const form = load.kind === "ready" ? load.form : null;
  const closed = load.kind === "ready" && (load.closed || closedMessage !== null);
  // Closed by its editor before its closing date: the notice does not name that date.
  const closedEarly = load.kind === "ready" && load.closedEarly;
  const outgoing = useMemo(() => (form ? toAnswers(drafts, form.survey.questions) : null), [drafts, form]);

  /** A refused save or submit: field errors (400), the survey closed meanwhile (409), the link gone (404). */
  const refused = useCallback((err: unknown, rows: RowKeys): FieldErrors => {
    if (err instanceof ApiError && err.status === 400) {
      const placed = placeIssues(err.issues.length ? err.issues : [{ field: "form", message: err.message }], rows);
      setServerErrors(placed);
      setSave({ kind: "refused" });
      return placed;
    }
    if (err instanceof ApiError && err.status === 409) {
      setClosedMessage(err.message);
      setSave({ kind: "idle" });
    } else if (err instanceof ApiError && err.status === 404) setLoad({ kind: "invalid" });
    else setSave({ kind: "failed", message: reason(err) });
    return {};
  }, []);

  /** Saves run one after another, so an older draft never lands after a newer one. */
  const persist = useCallback(
    (out: Outgoing) => {
      timer.current = undefined;
      queue.current = queue.current.then(async () => {
        setSave({ kind: "saving" });
        try {
          const answer = await surveyApi.save(token, out.answers);
          setSave({ kind: "saved", at: answer.savedAt });
          setServerErrors({});
        } catch (err) {
          refused(err, out.rows);
        }
      });
      return queue.current;
    },
    [token, refused],
  );

  useEffect(() => {
    latest.current = outgoing;
    if (!edits || !outgoing || closed) return;
    timer.current = setTimeout(() => void persist(outgoing), autosaveDelay);
    return () => clearTimeout(timer.current);
  }, [edits, outgoing, closed, persist, autosaveDelay]);

  // A phone may put the page away for good: what waits for the debounce goes now.
  useEffect(() => {
    const onHide = () => {
      if (document.visibilityState !== "hidden" || timer.current === undefined || !latest.current) return;
      clearTimeout(timer.current);
      void persist(latest.current);
    };
    document.addEventListener("visibilitychange", onHide);
    return () => document.removeEventListener("visibilitychange", onHide);
  }, [persist]);

  /** Applies a change to the drafts; `errorKey` names the field it touched, whose server error is then stale. */
  const edit = useCallback((change: (d: Drafts) => Drafts, errorKey?: string) => {
    setDrafts(change);
    setEdits((n) => n + 1);
    if (errorKey) setServerErrors((e) => withoutErrors(e, errorKey));
  }, []);

  const retry = useCallback(() => {
    if (outgoing) void persist(outgoing);
  }, [outgoing, persist]);

  /** Sends the answers; resolves with the key of the first field to look at, or null once sent. */
  const submit = useCallback(async (): Promise<string | null> => {
    if (!outgoing || closed) return null;
    const lacking = Object.keys(outgoing.problems);
    if (lacking.length) {
      setShowProblems(true);
      return lacking[0]!;
    }
    clearTimeout(timer.current);
    timer.current = undefined;
    setSubmitting(true);
    let first: string | null = null;
    const sent = queue.current.then(async () => {
      try {
        const answer = await surveyApi.submit(token, outgoing.answers);
        setSubmittedAt(answer.submittedAt);
        setSave({ kind: "saved", at: answer.submittedAt });
        setServerErrors({});
        setThanks(true);
      } catch (err) {
        first = Object.keys(refused(err, outgoing.rows))[0] ?? null;
      } finally {
        setSubmitting(false);
      }
    });
    queue.current = sent;
    await sent;
    return first;
  }, [outgoing, closed, token, refused]);

  const errors = useMemo<FieldErrors>(
    () => ({ ...(showProblems && outgoing ? outgoing.problems : {}), ...serverErrors }),
    [showProblems, outgoing, serverErrors],
  );

  return {
    load,
    form,
    closed,
    closedEarly,
    closedMessage,
    drafts,
    edit,
    errors,
    save,
    retry,
    submit,
    submitting,
    submittedAt,
    thanks,
    changeAnswers: () => setThanks(false),
    reload: () => {
      setLoad({ kind: "loading" });
      setAttempt((n) => n + 1);
    },
  };
}

export type SurveyModel = ReturnType<typeof useSurvey>;

function reason(err: unknown): string {
  if (err instanceof ApiError && err.status === 0) return msg.unreachable;
  return (err as Error).message;
}
