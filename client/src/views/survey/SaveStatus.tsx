// Where the page says how saving goes: saving, saved at a time, or not saved and why (with a retry). Only a failure
// is announced: "Saving…" and "Saved" after every pause in typing would talk over the respondent's screen reader.
import { surveyMessages as msg } from "../../core/survey";
import type { SaveState } from "../../core/survey/hooks";

export function SaveStatus({ save, onRetry }: { save: SaveState; onRetry: () => void }) {
  const failed = save.kind === "failed" || save.kind === "refused";
  return (
    <div className={`survey-status ${failed ? "is-error" : ""}`}>
      <p data-testid="survey-save-status">
        {save.kind === "idle" && msg.notSavedYet}
        {save.kind === "saving" && msg.saving}
        {save.kind === "saved" && msg.savedAt(save.at)}
        {save.kind === "refused" && msg.saveRefused}
        {save.kind === "failed" && msg.saveFailed(save.message)}
      </p>
      <p className="visually-hidden" role="alert">
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
