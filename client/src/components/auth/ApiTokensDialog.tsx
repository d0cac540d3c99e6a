// API tokens: for scripts and other tools that call the API as this account (`Authorization: Bearer atl_…`), each with
// a role it cannot exceed, optionally limited to some maps and an expiry. The secret is shown once, when it is made.
import { useState, type FormEvent } from "react";
import { dateLabel, endOfDay, MAP_ROLES, type ApiTokenCreated, type MapRole } from "../../core/auth";
import { ApiError, useApiTokens, useMapsQuery } from "../../core/hooks";
import { CopyField } from "../CopyField";
import { Modal } from "../Modal";

function refusal(err: unknown): string {
  if (err instanceof ApiError && err.issues.length) return err.issues.map((i) => `${i.field}: ${i.message}`).join("; ");
  return (err as Error).message;
}

function CreateTokenForm({ onCreated }: { onCreated: (token: ApiTokenCreated) => void }) {
  const { create } = useApiTokens(false);
  const maps = useMapsQuery();
  const [name, setName] = useState("");
  const [role, setRole] = useState<MapRole>("viewer");
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [expires, setExpires] = useState("");
  const [error, setError] = useState<string | null>(null);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setError("Name the token after what will use it.");
    setError(null);
    try {
      const token = await create.mutateAsync({
        name: name.trim(),
        role,
        maps: chosen.size ? [...chosen] : undefined,
        expiresAt: endOfDay(expires),
      });
      setName("");
      setChosen(new Set());
      setExpires("");
      onCreated(token);
    } catch (err) {
      setError(refusal(err));
    }
  };
  const toggle = (id: string) =>
    setChosen((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <form className="token-create" onSubmit={onSubmit} noValidate aria-label="New API token">
      <h3>New token</h3>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="token-name">Name</label>
          <input
            id="token-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. nightly survey import"
          />
        </div>
        <div className="field">
          <label htmlFor="token-role">Role at most</label>
          <select id="token-role" value={role} onChange={(e) => setRole(e.target.value as MapRole)}>
            {MAP_ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="token-expires">Expires (optional)</label>
          <input id="token-expires" type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />
        </div>
        <fieldset className="field wide token-maps">
          <legend>Maps</legend>
          <small className="hint">None ticked: every map your account reaches.</small>
          <div className="token-map-list">
            {(maps.data?.items ?? []).map((m) => (
              <label key={m.id} className="check">
                <input type="checkbox" checked={chosen.has(m.id)} onChange={() => toggle(m.id)} /> {m.name}
              </label>
            ))}
          </div>
        </fieldset>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <footer>
        <button type="submit" className="btn primary" disabled={create.isPending} data-testid="token-create">
          Create token
        </button>
      </footer>
    </form>
  );
}

export function ApiTokensDialog({ onClose }: { onClose: () => void }) {
  const { list, revoke } = useApiTokens();
  const maps = useMapsQuery();
  const [created, setCreated] = useState<ApiTokenCreated | null>(null);
  const mapName = (id: string) => maps.data?.items.find((m) => m.id === id)?.name ?? id;
  const items = list.data ?? [];

  return (
    <Modal
      title="API tokens"
      subtitle={
        <>
          For scripts and tools that call the API as you: send <code>Authorization: Bearer atl_…</code>.
        </>
      }
      onClose={onClose}
      testId="tokens-dialog"
      wide
    >
      {created && (
        <div className="once" role="status" data-testid="token-created">
          <p>
            <strong>Token '{created.name}' created.</strong> Copy it now: it is not shown again.
          </p>
          <CopyField label="API token" value={created.token} testId="token-value" />
        </div>
      )}
      <CreateTokenForm onCreated={setCreated} />
      <h3>Your tokens</h3>
      {list.isError && (
        <p className="form-error" role="alert">
          {list.error.message}
        </p>
      )}
      {revoke.isError && (
        <p className="form-error" role="alert">
          {revoke.error.message}
        </p>
      )}
      <ul className="access-list" data-testid="token-list">
        {items.map((t) => (
          <li key={t.id} data-token-id={t.id}>
            <div className="grow">
              <span className="title">{t.name}</span>
              <span className="meta">
                {t.role} · {t.maps?.length ? t.maps.map(mapName).join(", ") : "all your maps"} · expires{" "}
                {dateLabel(t.expiresAt)}
              </span>
            </div>
            <button
              type="button"
              className="btn small danger"
              onClick={() => revoke.mutate(t.id)}
              disabled={revoke.isPending}
              aria-label={`Revoke token ${t.name}`}
            >
              Revoke
            </button>
          </li>
        ))}
        {list.isSuccess && items.length === 0 && <li className="muted">No tokens yet.</li>}
      </ul>
    </Modal>
  );
}
