// Signing in: username and password, the server's refusal in words (wrong credentials, or too many attempts and how
// long to wait), and a way back to the maps anyone may read.
import { useState, type FormEvent } from "react";
import { throttledMessage } from "../../core/auth";
import { ApiError, useActions, useLogin } from "../../core/hooks";
import { Modal } from "../../components/Modal";

function refusal(err: unknown): string {
  if (err instanceof ApiError && err.status === 401) return "Wrong username or password.";
  if (err instanceof ApiError && err.status === 429) return throttledMessage(err.retryAfter);
  return (err as Error).message;
}

export function LoginPage({ message }: { message?: string }) {
  const login = useLogin();
  const actions = useActions();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!username.trim() || !password) return setError("Enter your username and password.");
    setError(null);
    try {
      const answer = await login.mutateAsync({ username: username.trim(), password });
      actions.auth.closeAuthPage();
      actions.ui.showToast(`Signed in as ${answer.user.name || answer.user.username}`);
    } catch (err) {
      setError(refusal(err));
      setPassword("");
    }
  };

  return (
    <Modal
      title="Sign in"
      subtitle="Members see their maps in full and, as editors or owners, change them."
      onClose={() => actions.auth.closeAuthPage()}
      testId="login-page"
      page
    >
      <form className="stack-form" onSubmit={onSubmit} noValidate aria-label="Sign in">
        {message && (
          <p className="notice" role="status">
            {message}
          </p>
        )}
        <div className="field">
          <label htmlFor="login-username">Username</label>
          <input
            id="login-username"
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            aria-invalid={!!error}
          />
        </div>
        <div className="field">
          <label htmlFor="login-password">Password</label>
          <input
            id="login-password"
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={!!error}
          />
        </div>
        {error && (
          <p className="form-error" role="alert" data-testid="login-error">
            {error}
          </p>
        )}
        <footer>
          <button type="submit" className="btn primary" disabled={login.isPending} data-testid="login-submit">
            Sign in
          </button>
          <button type="button" className="btn ghost" onClick={() => actions.auth.closeAuthPage()}>
            Continue without signing in
          </button>
        </footer>
      </form>
    </Modal>
  );
}
