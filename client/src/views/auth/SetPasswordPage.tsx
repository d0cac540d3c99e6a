// A one-time link's page (`/?set-password=<token>`): the new account, or the account being reset, chooses its password;
// then the link is spent and the sign-in page takes over.
import { useState, type FormEvent } from "react";
import { withoutParam } from "../../core/auth";
import { ApiError, useActions, useSetPassword } from "../../core/hooks";
import { Modal } from "../../components/Modal";

const MIN_LENGTH = 10;

/** The token leaves the address bar once used or abandoned, so a reload or a copied address does not carry it on. */
function forgetToken() {
  const search = withoutParam(window.location.search, "set-password");
  window.history.replaceState(window.history.state, "", `${window.location.pathname}${search}${window.location.hash}`);
}

function refusal(err: unknown): string {
  if (err instanceof ApiError && [401, 404, 410].includes(err.status))
    return "This link has expired or has already been used. Ask the person who sent it for a new one.";
  if (err instanceof ApiError && err.issues.length) return err.issues.map((i) => i.message).join("; ");
  return (err as Error).message;
}

export function SetPasswordPage({ token }: { token: string }) {
  const setPassword = useSetPassword();
  const actions = useActions();
  const [password, setValue] = useState("");
  const [confirm, setConfirm] = useState("");
  const [error, setError] = useState<string | null>(null);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (password.length < MIN_LENGTH) return setError(`Choose a password of at least ${MIN_LENGTH} characters.`);
    if (password !== confirm) return setError("The two passwords differ.");
    setError(null);
    try {
      await setPassword.mutateAsync({ token, password });
      forgetToken();
      actions.auth.openLogin("Your password is set. Sign in with it.");
    } catch (err) {
      setError(refusal(err));
    }
  };
  const close = () => {
    forgetToken();
    actions.auth.closeAuthPage();
  };

  return (
    <Modal
      title="Choose your password"
      subtitle="This link works once. Pick a password of at least 10 characters; a passphrase of a few words is best."
      onClose={close}
      testId="set-password-page"
      page
    >
      <form className="stack-form" onSubmit={onSubmit} noValidate aria-label="Choose your password">
        <div className="field">
          <label htmlFor="set-password-new">New password</label>
          <input
            id="set-password-new"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setValue(e.target.value)}
            aria-invalid={!!error}
          />
        </div>
        <div className="field">
          <label htmlFor="set-password-confirm">Repeat it</label>
          <input
            id="set-password-confirm"
            type="password"
            autoComplete="new-password"
            value={confirm}
            onChange={(e) => setConfirm(e.target.value)}
            aria-invalid={!!error}
          />
        </div>
        {error && (
          <p className="form-error" role="alert" data-testid="set-password-error">
            {error}
          </p>
        )}
        <footer>
          <button type="submit" className="btn primary" disabled={setPassword.isPending}>
            Set password
          </button>
          <button type="button" className="btn ghost" onClick={close}>
            Cancel
          </button>
        </footer>
      </form>
    </Modal>
  );
}
