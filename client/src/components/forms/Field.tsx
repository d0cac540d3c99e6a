import { useId, type ReactNode } from "react";
import type { FieldErrors } from "../../core/forms";

export interface FieldSpec {
  name: string;
  label: string;
  kind: "text" | "textarea" | "number" | "select" | "date" | "actor" | "checkbox";
  options?: ReadonlyArray<{ value: string; label: string }>;
  hint?: string;
  placeholder?: string;
  /** Only settable when creating (ids, owners, relationship ends and type). */
  createOnly?: boolean;
  wide?: boolean;
}

/** The errors for a field: its own path and any deeper path (`tags.2`). */
export function errorFor(errors: FieldErrors, name: string): string | undefined {
  if (errors[name]) return errors[name];
  const key = Object.keys(errors).find((k) => k.startsWith(`${name}.`));
  return key ? errors[key] : undefined;
}

export function Field({
  spec,
  value,
  error,
  disabled,
  onChange,
  children,
}: {
  spec: FieldSpec;
  value: string;
  error?: string;
  disabled?: boolean;
  onChange: (value: string) => void;
  children?: ReactNode;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [error ? errorId : "", spec.hint ? hintId : ""].filter(Boolean).join(" ") || undefined;
  const common = {
    id,
    name: spec.name,
    disabled,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy,
    "data-field": spec.name,
  } as const;
  return (
    <div className={`field ${spec.wide ? "wide" : ""} ${error ? "has-error" : ""}`}>
      <label htmlFor={id}>{spec.label}</label>
      {children ??
        (spec.kind === "textarea" ? (
          <textarea
            {...common}
            rows={3}
            value={value}
            placeholder={spec.placeholder}
            onChange={(e) => onChange(e.target.value)}
          />
        ) : spec.kind === "checkbox" ? (
          <input
            {...common}
            type="checkbox"
            checked={value === "true"}
            onChange={(e) => onChange(e.target.checked ? "true" : "false")}
          />
        ) : spec.kind === "select" ? (
          <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
            {spec.options?.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        ) : (
          <input
            {...common}
            type={spec.kind === "date" ? "date" : "text"}
            inputMode={spec.kind === "number" ? "decimal" : undefined}
            value={value}
            placeholder={spec.placeholder}
            onChange={(e) => onChange(e.target.value)}
          />
        ))}
      {spec.hint && (
        <small id={hintId} className="hint">
          {spec.hint}
        </small>
      )}
      {error && (
        <small id={errorId} className="field-error" role="alert" data-error-for={spec.name}>
          {error}
        </small>
      )}
    </div>
  );
}
