// Where the page says how saving goes: saving, saved at a time, or not saved and why (with a retry).
import { surveyMessages as msg } from "../../core/survey";
import type { SaveState } from "../../core/survey/hooks";

export function SaveStatus({ save, onRetry }: { save: SaveState; onRetry: () => void }) {
  return (
    <div className={`survey-status ${save.kind === "failed" || save.kind === "refused" ? "is-error" : ""}`}>
      <p role="status" aria-live="polite" data-testid="survey-save-status">
        {save.kind === "idle" && msg.notSavedYet}
        {save.kind === "saving" && msg.saving}
        {save.kind === "saved" && msg.savedAt(save.at)}
        {save.kind === "refused" && msg.saveRefused}
        {save.kind === "failed" && msg.saveFailed(save.message)}
      </p>
      {save.kind === "failed" && (
        <button type="button" className="btn" onClick={onRetry}>
          {msg.retry}
        </button>
      )}
    </div>
  );
}
