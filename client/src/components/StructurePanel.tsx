// Structure: where the network would break (single points of failure, cut ties), who holds it together (brokers)
// and who is not in it (isolates), each in one sentence about this ecosystem. Pointing at an item lights it up on
// the map with the actors it concerns; picking an actor opens its details, picking a tie frames both ends.
import { useMemo } from "react";
import { ACTOR_COLORS } from "../core/appearance";
import { useActions, useEcosystem, useStructureQuery } from "../core/hooks";
import { structureItems, type StructureItem, type StructureKind } from "../core/structure";
import { AnalysisJobProgress } from "./AnalysisJobProgress";

const SECTIONS: ReadonlyArray<{ kind: StructureKind; title: string; help: string; empty: string }> = [
  {
    kind: "articulation",
    title: "Single points of failure",
    help: "Actors whose loss would split the network, most damaging first.",
    empty: "None: no single actor's loss would split the network.",
  },
  {
    kind: "bridge",
    title: "Cut ties",
    help: "Ties whose end would leave some actors with no path to the rest.",
    empty: "None: every tie has a way around it.",
  },
  {
    kind: "broker",
    title: "Brokers",
    help: "Actors between groups that are otherwise apart (Burt's structural holes), lowest constraint first.",
    empty: "No brokers: no actor has two or more ties.",
  },
  {
    kind: "isolate",
    title: "Isolated actors",
    help: "Actors on the map with no ties yet.",
    empty: "None: every actor has at least one tie.",
  },
];

const SHOWN = 12;

export function StructurePanel() {
  const eco = useEcosystem();
  const structure = useStructureQuery();
  const actions = useActions();
  const items = useMemo(
    () => (structure.data && eco ? structureItems(structure.data, eco.neighbours) : null),
    [structure.data, eco],
  );
  if (!eco) return null;
  if (structure.isPending)
    return (
      <div className="pad">
        <p className="muted">Analysing structure…</p>
        <AnalysisJobProgress kind="structure" />
      </div>
    );
  if (structure.isError)
    return <p className="error pad">Could not load the structure analysis: {structure.error.message}</p>;
  if (!items) return null;

  const pick = (item: StructureItem) => {
    actions.selection.setHoverHighlight(null);
    if (item.actorId) {
      actions.openActor(item.actorId);
    } else {
      actions.selection.zoomToActors([...item.highlight.focus, ...item.highlight.related]);
    }
    // Kept after the pick: the details tab opens with the map still showing what the item concerns.
    actions.selection.setHighlight(item.highlight);
  };

  return (
    <div className="structure pad" data-testid="structure">
      <p className="muted small">
        {structure.data.components.length === 1
          ? "The network is in one piece."
          : `The network is in ${structure.data.components.length} pieces (isolated actors count as one each).`}{" "}
        Point at an item to see it on the map.
      </p>
      {SECTIONS.map((s) => {
        const list = items[s.kind];
        return (
          <section key={s.kind} aria-labelledby={`structure-${s.kind}`} data-testid={`structure-${s.kind}`}>
            <h3 id={`structure-${s.kind}`}>
              {s.title} <span className="count">{list.length}</span>
            </h3>
            <p className="muted small">{s.help}</p>
            {list.length === 0 ? (
              <p className="muted small">{s.empty}</p>
            ) : (
              <ul className="items structure-items">
                {list.slice(0, SHOWN).map((item) => {
                  const actor = item.actorId ? eco.actors.get(item.actorId) : undefined;
                  return (
                    <li key={item.key}>
                      <button
                        type="button"
                        className="item"
                        data-key={item.key}
                        data-actor-id={item.actorId}
                        onMouseEnter={() => actions.selection.setHoverHighlight(item.highlight)}
                        onMouseLeave={() => actions.selection.setHoverHighlight(null)}
                        onFocus={() => actions.selection.setHoverHighlight(item.highlight)}
                        onBlur={() => actions.selection.setHoverHighlight(null)}
                        onClick={() => pick(item)}
                      >
                        <span
                          className={`swatch ${actor ? "" : "tie"}`}
                          style={{ background: actor ? ACTOR_COLORS[actor.type] : undefined }}
                        />
                        <span className="grow">
                          <span className="title">{item.title}</span>
                          <span className="meta meaning">{item.meaning}</span>
                        </span>
                      </button>
                    </li>
                  );
                })}
                {list.length > SHOWN && <li className="muted small">and {list.length - SHOWN} more</li>}
              </ul>
            )}
          </section>
        );
      })}
    </div>
  );
}
