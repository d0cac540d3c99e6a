// A secret or a link to hand on (a share link, an API token, a one-time password link): shown in a read-only field,
// selected on focus, with a button that copies it.
import { useEffect, useState } from "react";
import { copyText } from "./CopyLinkButton";

export function CopyField({ label, value, testId }: { label: string; value: string; testId?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 2000);
    return () => clearTimeout(timer);
  }, [state]);
  return (
    <div className="copy-field">
      <label className="visually-hidden" htmlFor={`${testId ?? "copy"}-value`}>
        {label}
      </label>
      <input
        id={`${testId ?? "copy"}-value`}
        readOnly
        value={value}
        onFocus={(e) => e.currentTarget.select()}
        data-testid={testId}
      />
      <button
        type="button"
        className="btn small"
        onClick={() =>
          copyText(value).then(
            () => setState("copied"),
            () => setState("failed"),
          )
        }
        aria-label={`Copy ${label.toLowerCase()}`}
      >
        <span aria-live="polite">{state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : "Copy"}</span>
      </button>
    </div>
  );
}
