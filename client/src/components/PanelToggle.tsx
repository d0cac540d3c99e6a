// Show/hide toggles of the phone layout (the "phone layout" block at the end of styles.css): the bottom sheet that holds
// the side panel's tabs, and the menu that holds the explore sidebar and the map actions. On wide screens the CSS hides
// the toggles and shows both areas whatever their state, so the desktop page never depends on it.
import { useEffect, useRef, useState, type ReactNode, type RefObject } from "react";

interface PanelToggleProps {
  expanded: boolean;
  onToggle: () => void;
  /** The id of the area the button shows and hides. */
  controls: string;
  className?: string;
  testId?: string;
  buttonRef?: RefObject<HTMLButtonElement | null>;
  children: ReactNode;
}

/** A disclosure button: screen readers hear its label and whether the area it controls is open. */
export function PanelToggle({
  expanded,
  onToggle,
  controls,
  className,
  testId,
  buttonRef,
  children,
}: PanelToggleProps) {
  return (
    <button
      ref={buttonRef}
      type="button"
      className={`panel-toggle ${className ?? ""}`}
      aria-expanded={expanded}
      aria-controls={controls}
      onClick={onToggle}
      data-testid={testId}
    >
      {children}
    </button>
  );
}

/** A chevron that points up while the area below can open and down while it is open. */
export function Chevron({ open }: { open: boolean }) {
  return (
    <svg
      width="18"
      height="18"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      aria-hidden="true"
    >
      <path d={open ? "M6 9l6 6 6-6" : "M6 15l6-6 6 6"} />
    </svg>
  );
}

/** The menu button of the phone's top bar; Escape closes the menu and gives focus back to the button. */
export function MenuToggle({
  open,
  setOpen,
  controls,
}: {
  open: boolean;
  setOpen: (open: boolean) => void;
  controls: string;
}) {
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      // A dialog opened from the menu (maps, import) takes its own Escape; the menu stays open behind it.
      if (e.key !== "Escape" || e.defaultPrevented || document.querySelector('[role="dialog"]')) return;
      setOpen(false);
      ref.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open, setOpen]);
  return (
    <PanelToggle
      expanded={open}
      onToggle={() => setOpen(!open)}
      controls={controls}
      className="menu-toggle btn"
      testId="menu-toggle"
      buttonRef={ref}
    >
      <svg
        width="18"
        height="18"
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth={2}
        aria-hidden="true"
      >
        <path d={open ? "M6 6l12 12M18 6L6 18" : "M4 7h16M4 12h16M4 17h16"} />
      </svg>
      Menu
    </PanelToggle>
  );
}

/**
 * Whether the bottom sheet is open. It opens when an actor is picked (on the map, in a list, by search) or the tab
 * changes (a link, an action), so what was asked for is on screen; it starts open when the link names either. The last
 * actor and tab are kept in state to see a change during render.
 */
export function useSheet(
  selected: string | null,
  tab: string,
  initiallyOpen: boolean,
): [boolean, (open: boolean) => void] {
  const [open, setOpen] = useState(initiallyOpen);
  const [seen, setSeen] = useState({ selected, tab });
  if (selected !== seen.selected || tab !== seen.tab) {
    setSeen({ selected, tab });
    if ((selected && selected !== seen.selected) || tab !== seen.tab) setOpen(true);
  }
  return [open, setOpen];
}

/**
 * Sigma and the basemap measure their container only on a window resize. The phone layout changes the stage's size
 * without one (the sheet opens, the menu's row appears), so each later change of the stage's size is passed on as one.
 */
export function useResizeRelay<T extends HTMLElement>(): RefObject<T | null> {
  const ref = useRef<T>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    let first = true;
    const observer = new ResizeObserver(() => {
      if (first) first = false;
      else window.dispatchEvent(new Event("resize"));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return ref;
}
