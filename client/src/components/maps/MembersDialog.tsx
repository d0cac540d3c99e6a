// A map's members, for its owners: who has which role, a role changed or a member removed, and someone added by
// username. Adding an unknown username creates the account; its one-time link to set a password is shown to be sent.
import { useState, type FormEvent } from "react";
import { absoluteLink, MAP_ROLES, ROLE_LABELS, type MapRole, type Member } from "../../core/auth";
import { ApiError, useMembers, useSession } from "../../core/hooks";
import { CopyField } from "../CopyField";
import { Modal } from "../Modal";

function refusal(err: unknown): string {
  if (err instanceof ApiError && err.issues.length) return err.issues.map((i) => `${i.field}: ${i.message}`).join("; ");
  return (err as Error).message;
}

function RoleSelect({
  id,
  value,
  onChange,
  label,
}: {
  id: string;
  value: MapRole;
  onChange: (r: MapRole) => void;
  label: string;
}) {
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value as MapRole)} aria-label={label}>
      {MAP_ROLES.map((r) => (
        <option key={r} value={r}>
          {r}
        </option>
      ))}
    </select>
  );
}

function AddMemberForm({ mapId }: { mapId: string }) {
  const { add } = useMembers(mapId);
  const [draft, setDraft] = useState<{ username: string; name: string; role: MapRole }>({
    username: "",
    name: "",
    role: "viewer",
  });
  const [error, setError] = useState<string | null>(null);
  const [invite, setInvite] = useState<{ username: string; url: string } | null>(null);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!draft.username.trim()) return setError("Enter the username of the person to add.");
    setError(null);
    setInvite(null);
    try {
      const added = await add.mutateAsync({
        username: draft.username.trim(),
        role: draft.role,
        name: draft.name.trim() || undefined,
      });
      if (added.setPasswordUrl)
        setInvite({ username: added.member.username, url: absoluteLink(added.setPasswordUrl, window.location.origin) });
      setDraft({ username: "", name: "", role: draft.role });
    } catch (err) {
      setError(refusal(err));
    }
  };

  return (
    <form className="member-add" onSubmit={onSubmit} noValidate aria-label="Add a member">
      <h3>Add a member</h3>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="member-username">Username</label>
          <input
            id="member-username"
            autoCapitalize="none"
            spellCheck={false}
            value={draft.username}
            onChange={(e) => setDraft((d) => ({ ...d, username: e.target.value }))}
          />
        </div>
        <div className="field">
          <label htmlFor="member-role">Role</label>
          <RoleSelect
            id="member-role"
            label="Role"
            value={draft.role}
            onChange={(role) => setDraft((d) => ({ ...d, role }))}
          />
        </div>
        <div className="field wide">
          <label htmlFor="member-name">Name (for a new account)</label>
          <input
            id="member-name"
            value={draft.name}
            onChange={(e) => setDraft((d) => ({ ...d, name: e.target.value }))}
          />
          <small className="hint">{ROLE_LABELS[draft.role]}.</small>
        </div>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <footer>
        <button type="submit" className="btn primary" disabled={add.isPending} data-testid="member-add">
          Add member
        </button>
      </footer>
      {invite && (
        <div className="once" role="status" data-testid="member-invite">
          <p>
            <strong>New account '{invite.username}'.</strong> Send them this link to choose a password. It works once;
            copy it now, it is not shown again.
          </p>
          <CopyField label="One-time password link" value={invite.url} testId="invite-link" />
        </div>
      )}
    </form>
  );
}

function MemberRow({ mapId, member, isSelf }: { mapId: string; member: Member; isSelf: boolean }) {
  const { setRole, remove } = useMembers(mapId);
  const [confirming, setConfirming] = useState(false);
  const busy = setRole.isPending || remove.isPending;
  const error = setRole.error ?? remove.error;
  return (
    <li data-user-id={member.userId} data-testid="member-row">
      <div className="grow">
        <span className="title">
          {member.name || member.username} {isSelf && <span className="muted small">(you)</span>}
        </span>
        <span className="meta">@{member.username}</span>
        {error && (
          <span className="field-error" role="alert">
            {error.message}
          </span>
        )}
      </div>
      <RoleSelect
        id={`role-${member.userId}`}
        label={`Role of ${member.username}`}
        value={member.role}
        onChange={(role) => setRole.mutate({ userId: member.userId, role })}
      />
      {confirming ? (
        <>
          <button
            type="button"
            className="btn small danger confirm"
            disabled={busy}
            onClick={() => remove.mutate(member.userId)}
            aria-label={`Confirm removing ${member.username}`}
          >
            Remove
          </button>
          <button type="button" className="btn small ghost" onClick={() => setConfirming(false)}>
            Keep
          </button>
        </>
      ) : (
        <button
          type="button"
          className="btn small danger"
          disabled={busy}
          onClick={() => setConfirming(true)}
          aria-label={`Remove ${member.username}`}
        >
          Remove
        </button>
      )}
    </li>
  );
}

export function MembersDialog({ mapId, mapName, onClose }: { mapId: string; mapName: string; onClose: () => void }) {
  const { list } = useMembers(mapId);
  const session = useSession();
  const me = session.data?.user?.id;
  const items = list.data?.items ?? [];
  return (
    <Modal
      title="Members"
      subtitle={`Who works on '${mapName}'. Viewers read and analyse it, editors change its data, owners also manage members and sharing.`}
      onClose={onClose}
      testId="members-dialog"
      wide
    >
      {list.isError && (
        <p className="form-error" role="alert">
          {list.error.message}
        </p>
      )}
      <ul className="access-list" aria-label="Members" data-testid="member-list">
        {items.map((m) => (
          <MemberRow key={m.userId} mapId={mapId} member={m} isSelf={m.userId === me} />
        ))}
        {list.isSuccess && items.length === 0 && <li className="muted">No members yet.</li>}
      </ul>
      <AddMemberForm mapId={mapId} />
    </Modal>
  );
}
