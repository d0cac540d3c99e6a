// A modal dialog that works from the keyboard: focus moves in when it opens, Tab stays inside, Escape closes the
// topmost one only, and focus goes back to what opened it.
import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from "react";
import { createPortal } from "react-dom";
import { Icon } from "./Icon";

/** Open dialogs, the topmost last: Escape closes only that one, wherever focus is (a button that was just disabled
 * leaves it on the body). */
const stack: symbol[] = [];

const FOCUSABLE =
  'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function Modal({
  title,
  subtitle,
  onClose,
  children,
  testId,
  wide = false,
  small = false,
  page = false,
  initialFocus,
}: {
  title: string;
  subtitle?: ReactNode;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
  wide?: boolean;
  /** A narrow dialog for one decision (an amount, a move). */
  small?: boolean;
  /** A page of its own (signing in, setting a password): the app behind is covered, not dimmed. */
  page?: boolean;
  /** A selector inside the dialog to focus first; the first field or button otherwise. */
  initialFocus?: string;
}) {
  const dialog = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  });

  useEffect(() => {
    const me = Symbol("modal");
    stack.push(me);
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== "Escape" || stack.at(-1) !== me || e.defaultPrevented) return;
      e.preventDefault();
      close.current();
    };
    window.addEventListener("keydown", onKey);
    return () => {
      window.removeEventListener("keydown", onKey);
      stack.splice(stack.indexOf(me), 1);
    };
  }, []);

  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    const root = dialog.current;
    const first =
      (initialFocus && root?.querySelector<HTMLElement>(initialFocus)) ||
      root?.querySelector<HTMLElement>("input:not([disabled]), select:not([disabled]), textarea") ||
      root?.querySelector<HTMLElement>(FOCUSABLE);
    first?.focus();
    // The opener may have left the page meanwhile (a deleted map's row): then focus stays where it falls.
    return () => {
      if (opener?.isConnected) opener.focus();
    };
  }, [initialFocus]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== "Tab" || !dialog.current) return;
    const items = [...dialog.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
      (el) => el.offsetParent !== null && el.tabIndex >= 0,
    );
    if (!items.length) return;
    const first = items[0]!;
    const last = items.at(-1)!;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  // On the page's body: a dialog opened from the canvas controls must not pass its clicks and keys to Sigma.
  return createPortal(
    <div
      className={`overlay ${page ? "page-overlay" : ""}`}
      onMouseDown={(e) => !page && e.target === e.currentTarget && close.current()}
      onKeyDown={onKeyDown}
    >
      <div
        className={`dialog ${wide ? "dialog-wide" : ""} ${small ? "small-dialog" : ""} ${page ? "page-dialog" : ""}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        ref={dialog}
        data-testid={testId}
      >
        <header>
          <div>
            <h2 id={titleId}>{title}</h2>
            {subtitle && <p className="muted">{subtitle}</p>}
          </div>
          <button type="button" className="icon-btn" onClick={() => close.current()} aria-label="Close">
            <Icon name="close" />
          </button>
        </header>
        {children}
      </div>
    </div>,
    document.body,
  );
}
