// Sharing a map, for its owners: who may open it (members only, anyone with a link, everyone), and the share links
// themselves: made with a label and an optional expiry, listed, revoked. A link's address is shown once, when made.
import { useState, type FormEvent } from "react";
import {
  absoluteLink,
  dateLabel,
  endOfDay,
  VISIBILITIES,
  VISIBILITY_LABELS,
  type ShareLinkCreated,
  type Visibility,
} from "../../core/auth";
import { ACTOR_TYPES } from "../../core/forms";
import { ACTOR_LABELS } from "../../core/appearance";
import { ApiError, useSharing } from "../../core/hooks";
import { CopyField } from "../CopyField";
import { Modal } from "../Modal";

function refusal(err: unknown): string {
  if (err instanceof ApiError && err.issues.length) return err.issues.map((i) => `${i.field}: ${i.message}`).join("; ");
  return (err as Error).message;
}

/** The visibility chosen: shown at once, and put back to the map's if the server refuses it. */
function VisibilityChoice({
  mapId,
  visibility,
  onChange,
}: {
  mapId: string;
  visibility: Visibility;
  onChange: (v: Visibility) => void;
}) {
  const { setVisibility } = useSharing(mapId);
  const choose = (v: Visibility) => {
    const before = visibility;
    onChange(v);
    setVisibility.mutate(v, { onError: () => onChange(before) });
  };
  return (
    <fieldset className="visibility" data-testid="visibility">
      <legend>Who can open this map</legend>
      {VISIBILITIES.map((v) => (
        <label key={v} className={`visibility-option ${v === visibility ? "on" : ""}`}>
          <input
            type="radio"
            name="visibility"
            value={v}
            checked={v === visibility}
            disabled={setVisibility.isPending}
            onChange={() => choose(v)}
          />
          <span>
            <strong>{VISIBILITY_LABELS[v].label}</strong>
            <span className="muted small">{VISIBILITY_LABELS[v].help}</span>
          </span>
        </label>
      ))}
      {setVisibility.isError && (
        <p className="form-error" role="alert">
          {setVisibility.error.message}
        </p>
      )}
    </fieldset>
  );
}

/** Which actor types everyone but editors and owners sees under pseudonyms; actors marked sensitive always are. */
function ProtectedTypes({
  mapId,
  types,
  onChange,
}: {
  mapId: string;
  types: string[];
  onChange: (t: string[]) => void;
}) {
  const { setRedactedTypes } = useSharing(mapId);
  const toggle = (type: string, on: boolean) => {
    const before = types;
    const next = on ? [...types, type] : types.filter((t) => t !== type);
    onChange(next);
    setRedactedTypes.mutate(next, { onError: () => onChange(before) });
  };
  return (
    <fieldset className="protected-types" data-testid="protected-types">
      <legend>Shown under pseudonyms to viewers, share links and the public</legend>
      <div className="protected-type-list">
        {ACTOR_TYPES.map((t) => (
          <label key={t} className="check">
            <input
              type="checkbox"
              value={t}
              checked={types.includes(t)}
              disabled={setRedactedTypes.isPending}
              onChange={(e) => toggle(t, e.target.checked)}
            />
            {ACTOR_LABELS[t]}
          </label>
        ))}
      </div>
      <p className="muted small">Actors marked sensitive are always shown under a pseudonym.</p>
      {setRedactedTypes.isError && (
        <p className="form-error" role="alert">
          {setRedactedTypes.error.message}
        </p>
      )}
    </fieldset>
  );
}

function CreateLinkForm({ mapId, onCreated }: { mapId: string; onCreated: (link: ShareLinkCreated) => void }) {
  const { create } = useSharing(mapId);
  const [label, setLabel] = useState("");
  const [expires, setExpires] = useState("");
  const [error, setError] = useState<string | null>(null);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const link = await create.mutateAsync({ label: label.trim() || undefined, expiresAt: endOfDay(expires) });
      setLabel("");
      setExpires("");
      onCreated(link);
    } catch (err) {
      setError(refusal(err));
    }
  };
  return (
    <form className="share-create" onSubmit={onSubmit} noValidate aria-label="New share link">
      <div className="form-grid">
        <div className="field">
          <label htmlFor="share-label">Label</label>
          <input
            id="share-label"
            value={label}
            onChange={(e) => setLabel(e.target.value)}
            placeholder="e.g. county partners"
          />
        </div>
        <div className="field">
          <label htmlFor="share-expires">Expires (optional)</label>
          <input id="share-expires" type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />
        </div>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <footer>
        <button type="submit" className="btn primary" disabled={create.isPending} data-testid="share-create">
          Create share link
        </button>
      </footer>
    </form>
  );
}

export function ShareDialog({
  mapId,
  mapName,
  visibility,
  redactedTypes,
  onClose,
}: {
  mapId: string;
  mapName: string;
  visibility: Visibility;
  redactedTypes: string[];
  onClose: () => void;
}) {
  const { links, revoke } = useSharing(mapId);
  const [created, setCreated] = useState<ShareLinkCreated | null>(null);
  const [chosen, setChosen] = useState<Visibility>(visibility);
  const [types, setTypes] = useState<string[]>(redactedTypes);
  const items = links.data?.items ?? [];
  return (
    <Modal
      title="Share"
      subtitle={`Who can open '${mapName}' besides its members, and whom everyone but its editors and owners sees under pseudonyms.`}
      onClose={onClose}
      testId="share-dialog"
      wide
    >
      <VisibilityChoice mapId={mapId} visibility={chosen} onChange={setChosen} />
      <ProtectedTypes mapId={mapId} types={types} onChange={setTypes} />
      <h3>Share links</h3>
      {chosen === "private" && (
        <p className="notice small" data-testid="share-private-note">
          While the map is private its share links open nothing; choose "{VISIBILITY_LABELS.link.label}" for them to
          work.
        </p>
      )}
      {created && (
        <div className="once" role="status" data-testid="share-created">
          <p>
            <strong>Link{created.label ? ` '${created.label}'` : ""} created.</strong> Copy it now: its address is not
            shown again.
          </p>
          <CopyField label="Share link" value={absoluteLink(created.url, window.location.origin)} testId="share-url" />
        </div>
      )}
      <CreateLinkForm mapId={mapId} onCreated={setCreated} />
      {(links.isError || revoke.isError) && (
        <p className="form-error" role="alert">
          {(links.error ?? revoke.error)!.message}
        </p>
      )}
      <ul className="access-list" aria-label="Share links" data-testid="share-links">
        {items.map((l) => (
          <li key={l.id} data-link-id={l.id}>
            <div className="grow">
              <span className="title">{l.label || "Unlabelled link"}</span>
              <span className="meta">
                made {dateLabel(l.createdAt)} · expires {dateLabel(l.expiresAt)}
              </span>
            </div>
            <button
              type="button"
              className="btn small danger"
              disabled={revoke.isPending}
              onClick={() => revoke.mutate(l.id)}
              aria-label={`Revoke ${l.label || "unlabelled link"}`}
            >
              Revoke
            </button>
          </li>
        ))}
        {links.isSuccess && items.length === 0 && <li className="muted">No share links.</li>}
      </ul>
    </Modal>
  );
}
