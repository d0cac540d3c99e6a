// Changing one's own password: the current one proves it is the account's owner at the keyboard.
import { useState, type FormEvent } from "react";
import { ApiError, useActions, useChangePassword } from "../../core/hooks";
import { Modal } from "../Modal";

const MIN_LENGTH = 10;

function refusal(err: unknown): string {
  if (err instanceof ApiError && (err.status === 401 || err.status === 403)) return "The current password is wrong.";
  if (err instanceof ApiError && err.issues.length) return err.issues.map((i) => `${i.field}: ${i.message}`).join("; ");
  return (err as Error).message;
}

export function ChangePasswordDialog({ onClose }: { onClose: () => void }) {
  const change = useChangePassword();
  const actions = useActions();
  const [draft, setDraft] = useState({ current: "", next: "", repeat: "" });
  const [error, setError] = useState<string | null>(null);
  const set = (k: keyof typeof draft) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [k]: e.target.value }));

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!draft.current) return setError("Enter your current password.");
    if (draft.next.length < MIN_LENGTH) return setError(`Choose a new password of at least ${MIN_LENGTH} characters.`);
    if (draft.next !== draft.repeat) return setError("The two new passwords differ.");
    setError(null);
    try {
      await change.mutateAsync({ currentPassword: draft.current, newPassword: draft.next });
      actions.ui.showToast("Password changed");
      onClose();
    } catch (err) {
      setError(refusal(err));
    }
  };

  return (
    <Modal title="Change password" onClose={onClose} testId="change-password" small>
      <form className="stack-form" onSubmit={onSubmit} noValidate aria-label="Change password">
        <div className="field">
          <label htmlFor="password-current">Current password</label>
          <input
            id="password-current"
            type="password"
            autoComplete="current-password"
            value={draft.current}
            onChange={set("current")}
          />
        </div>
        <div className="field">
          <label htmlFor="password-new">New password</label>
          <input
            id="password-new"
            type="password"
            autoComplete="new-password"
            value={draft.next}
            onChange={set("next")}
          />
          <small className="hint">At least {MIN_LENGTH} characters.</small>
        </div>
        <div className="field">
          <label htmlFor="password-repeat">Repeat the new password</label>
          <input
            id="password-repeat"
            type="password"
            autoComplete="new-password"
            value={draft.repeat}
            onChange={set("repeat")}
          />
        </div>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <footer>
          <button type="submit" className="btn primary" disabled={change.isPending}>
            Change password
          </button>
          <button type="button" className="btn ghost" onClick={onClose}>
            Cancel
          </button>
        </footer>
      </form>
    </Modal>
  );
}
