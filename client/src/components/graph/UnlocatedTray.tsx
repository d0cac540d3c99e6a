// The geographic layout's tray: actors with no coordinates, listed apart instead of drawn on an axis of their own.
import { useMemo } from "react";
import { useActions, useEcosystem, useLayoutState } from "../../core/hooks";

/** Names shown before "and N more": the tray stays small on maps where most actors have no location. */
const SHOWN = 30;

export function UnlocatedTray() {
  const { kind } = useLayoutState();
  const eco = useEcosystem();
  const actions = useActions();
  const unlocated = useMemo(
    () => (eco?.view.actors ?? []).filter((a) => !a.location).sort((a, b) => a.name.localeCompare(b.name)),
    [eco],
  );
  if (kind !== "geo" || !unlocated.length) return null;
  const n = unlocated.length;
  return (
    <section className="unlocated-tray" aria-labelledby="unlocated-title" data-testid="unlocated-tray">
      <details open={n <= 8}>
        <summary id="unlocated-title">
          No location: {n} {n === 1 ? "actor" : "actors"}
        </summary>
        <ul>
          {unlocated.slice(0, SHOWN).map((a) => (
            <li key={a.id}>
              <button
                type="button"
                data-actor-id={a.id}
                onClick={() => {
                  actions.selection.selectActor(a.id);
                  actions.ui.setPanel("details");
                }}
              >
                {a.name}
              </button>
            </li>
          ))}
          {n > SHOWN && <li className="more">and {n - SHOWN} more (see the table)</li>}
        </ul>
      </details>
    </section>
  );
}
