// The survey's controls: a labelled field whose error sits under it (and is read with it), and a 1-4 radio group.
import type { ReactNode } from "react";
import { controlId, RATINGS, surveyMessages as msg, type FieldErrors, type Rating } from "../../core/survey";

/** Defers to after the render that creates the element (a row just added, an error just shown). */
export function focusLater(id: string) {
  requestAnimationFrame(() => document.getElementById(id)?.focus());
}

/** The id, error and description wiring of the control for error key `key`. */
export function control(key: string, errors: FieldErrors, hint?: boolean) {
  const id = controlId(key);
  const error = errors[key];
  const describedBy = [error ? `${id}-error` : "", hint ? `${id}-hint` : ""].filter(Boolean).join(" ");
  return {
    id,
    error,
    props: { id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy || undefined },
  };
}

export function FieldError({ id, error }: { id: string; error?: string }) {
  if (!error) return null;
  return (
    <p className="field-error" id={`${id}-error`}>
      {error}
    </p>
  );
}

export function Field({
  id,
  label,
  error,
  hint,
  className = "",
  children,
}: {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={`field ${error ? "has-error" : ""} ${className}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <FieldError id={id} error={error} />
    </div>
  );
}

/**
 * Four radio buttons in one group (arrow keys move between them, as native radios do). `optionLabel` is what each
 * shows; `optionName` (when the shown label is only the number) is what screen readers say with it.
 */
export function RatingGroup({
  id,
  name,
  legend,
  value,
  onChange,
  error,
  optionLabel,
  optionName,
  className = "",
}: {
  id: string;
  name: string;
  legend: string;
  value: Rating | null;
  onChange: (r: Rating) => void;
  error?: string;
  optionLabel: (r: Rating) => string;
  optionName?: (r: Rating) => string;
  className?: string;
}) {
  return (
    <fieldset
      className={`rating ${error ? "has-error" : ""} ${className}`}
      aria-describedby={error ? `${id}-error` : undefined}
    >
      <legend>{legend}</legend>
      <div className="rating-options">
        {RATINGS.map((r) => (
          <label key={r} className="rating-option">
            <input
              type="radio"
              name={name}
              id={r === RATINGS[0] ? id : undefined}
              value={r}
              checked={value === r}
              onChange={() => onChange(r)}
              aria-invalid={error ? true : undefined}
              aria-label={optionName ? msg.ratingOption(r, optionName(r)) : undefined}
            />
            <span>{optionLabel(r)}</span>
          </label>
        ))}
      </div>
      <FieldError id={id} error={error} />
    </fieldset>
  );
}
