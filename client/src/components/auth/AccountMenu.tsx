// The header's account control: "Sign in" for a visitor; for a signed-in user their name, opening a menu to change the
// password, manage API tokens or sign out.
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { useActions, useLogout, useSession } from "../../core/hooks";
import { ApiTokensDialog } from "./ApiTokensDialog";
import { ChangePasswordDialog } from "./ChangePasswordDialog";

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join("") || "?";

export function AccountMenu() {
  const session = useSession();
  const logout = useLogout();
  const actions = useActions();
  const [open, setOpen] = useState(false);
  const [dialog, setDialog] = useState<"password" | "tokens" | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const user = session.data?.user ?? null;

  useEffect(() => {
    if (!open) return;
    root.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const onDown = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", onDown);
    return () => document.removeEventListener("mousedown", onDown);
  }, [open]);

  // Nothing until the session is known, rather than a "Sign in" that turns into a name a moment later.
  if (session.isPending) return null;
  if (!user)
    return (
      <button
        type="button"
        className="btn account-signin"
        onClick={() => actions.auth.openLogin()}
        data-testid="sign-in"
      >
        Sign in
      </button>
    );

  const name = user.name || user.username;
  const choose = (next: "password" | "tokens") => {
    setOpen(false);
    setDialog(next);
  };
  const signOut = async () => {
    setOpen(false);
    try {
      await logout.mutateAsync();
      actions.ui.showToast("Signed out");
    } catch (err) {
      actions.ui.showToast(`Could not sign out: ${(err as Error).message}`, "error");
    }
  };
  // A menu's keys: arrows move between its items, Escape closes it and gives focus back to its button.
  const onKeyDown = (e: KeyboardEvent) => {
    const items = [...(root.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    if (e.key === "Escape") {
      e.preventDefault();
      setOpen(false);
      button.current?.focus();
    } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const step = e.key === "ArrowDown" ? 1 : -1;
      items[(at + step + items.length) % items.length]?.focus();
    }
  };

  return (
    <div className="account" ref={root} onKeyDown={open ? onKeyDown : undefined}>
      <button
        ref={button}
        type="button"
        className="btn account-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls="account-menu"
        onClick={() => setOpen(!open)}
        data-testid="account-menu"
        title={`Signed in as ${name}`}
      >
        <span className="avatar" aria-hidden="true">
          {initials(name)}
        </span>
        <span className="account-name">{name}</span>
      </button>
      {open && (
        <div className="account-popover" role="menu" id="account-menu" aria-label="Account">
          <p className="account-head" role="presentation">
            Signed in as <strong>{name}</strong>
            <span className="muted small"> @{user.username}</span>
            {user.isAdmin && <span className="badge">admin</span>}
          </p>
          <button type="button" role="menuitem" onClick={() => choose("password")}>
            Change password…
          </button>
          <button type="button" role="menuitem" onClick={() => choose("tokens")} data-testid="open-tokens">
            API tokens…
          </button>
          <button type="button" role="menuitem" onClick={signOut} data-testid="sign-out">
            Sign out
          </button>
        </div>
      )}
      {dialog === "password" && <ChangePasswordDialog onClose={() => setDialog(null)} />}
      {dialog === "tokens" && <ApiTokensDialog onClose={() => setDialog(null)} />}
    </div>
  );
}
