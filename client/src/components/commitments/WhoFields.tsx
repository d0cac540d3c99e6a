// The "who" and "note" fields every commitment change records in its history. The name is asked once per browser
// session: later dialogs start with it filled in and focus on what changes.
import { useId } from "react";

export function WhoFields({
  by,
  note,
  onBy,
  onNote,
  error,
  autoFocus,
}: {
  by: string;
  note: string;
  onBy: (v: string) => void;
  onNote: (v: string) => void;
  error?: string | null;
  /** Which field takes focus when the dialog opens. */
  autoFocus?: "by" | "note";
}) {
  const id = useId();
  return (
    <>
      <div className={`field ${error ? "has-error" : ""}`}>
        <label htmlFor={`${id}-by`}>Your name</label>
        <input
          id={`${id}-by`}
          name="by"
          value={by}
          onChange={(e) => onBy(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-by-error` : undefined}
          autoComplete="name"
          maxLength={200}
          data-autofocus={autoFocus === "by" ? "" : undefined}
        />
        {error && (
          <span className="field-error" id={`${id}-by-error`} data-error-for="by">
            {error}
          </span>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${id}-note`}>Note (optional)</label>
        <textarea
          id={`${id}-note`}
          name="note"
          rows={2}
          maxLength={1000}
          value={note}
          onChange={(e) => onNote(e.target.value)}
          data-autofocus={autoFocus === "note" ? "" : undefined}
        />
      </div>
    </>
  );
}

export const WHO_MISSING = "Say who is making this change; it goes into the commitment's history.";
