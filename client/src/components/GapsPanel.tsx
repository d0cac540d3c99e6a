// Gaps: under-served actors with their reasons and notes, those with no needs recorded, unmet needs, supply and
// demand by category and unit, and bridge suggestions.
// Clicking an actor opens its details and brings it into view on the map.
import { useBridgesQuery, useActions, useEcosystem, useGapsQuery } from "../core/hooks";
import { ACTOR_COLORS } from "../core/appearance";
import { SupplyDemandChart } from "./SupplyDemandChart";
import type { Bridges, Gaps } from "../core/api";

interface BridgeView {
  from: string;
  to: string;
  label: string;
  why: string;
}

function readBridges(bridges: Bridges): BridgeView[] {
  return bridges.suggestions.map((b) => ({
    from: b.needActor.id,
    to: b.offeringActor.id,
    label: `${b.needActor.name} ↔ ${b.offeringActor.name}`,
    why: b.reason,
  }));
}

/** "needs 40%, support 20%, distance 20%, network 20%". */
function weightsText(weights: Gaps["weights"]): string {
  const sum = Object.values(weights).reduce((s, w) => s + w, 0) || 1;
  return Object.entries(weights)
    .map(([k, w]) => `${k} ${Math.round((w / sum) * 100)}%`)
    .join(", ");
}

export function GapsPanel() {
  const eco = useEcosystem();
  const gaps = useGapsQuery();
  const bridges = useBridgesQuery();
  const actions = useActions();
  if (!eco) return null;
  if (gaps.isPending) return <p className="muted pad">Analysing gaps…</p>;
  if (gaps.isError) return <p className="error pad">Could not load the gaps analysis: {gaps.error.message}</p>;
  const g = gaps.data;
  const nameOf = (key: string) => eco.categories.get(key)?.name ?? key;
  const bridgeList = bridges.data ? readBridges(bridges.data) : [];

  return (
    <div className="gaps pad" data-testid="gaps">
      <section aria-labelledby="under-title">
        <h3 id="under-title">Under-served</h3>
        <p className="muted small">
          Score 0 to 1 from {weightsText(g.weights)}. Reasons say what leaves an actor worse off; notes the good news.
        </p>
        <ol className="ranked" data-testid="under-served">
          {g.underServed.slice(0, 15).map((u) => (
            <li key={u.actorId}>
              <button
                type="button"
                className="item"
                onClick={() => actions.openActor(u.actorId)}
                data-actor-id={u.actorId}
              >
                <span className="swatch" style={{ background: ACTOR_COLORS[u.type] }} />
                <span className="grow">
                  <span className="title">
                    {u.name}
                    {u.status === "covered" && <span className="badge"> needs covered</span>}
                  </span>
                  {u.reasons.length > 0 && (
                    <span className="meta reasons" data-testid="reasons">
                      {u.reasons.join("; ")}
                    </span>
                  )}
                  {u.notes.length > 0 && (
                    <span className="meta notes" data-testid="notes">
                      Good news: {u.notes.join("; ")}
                    </span>
                  )}
                </span>
                <span className="score-pill" title="Under-served score, 0 to 1">
                  {u.score.toFixed(2)}
                </span>
              </button>
            </li>
          ))}
          {g.underServed.length === 0 && <li className="muted">No actors with recorded needs.</li>}
        </ol>
        {g.unknownActors.length > 0 && (
          <details data-testid="unknown-actors">
            <summary>
              {g.unknownActors.length} with no needs recorded: not scored, as nothing says what they lack
            </summary>
            <ul className="items compact">
              {g.unknownActors.map((u) => (
                <li key={u.actorId}>
                  <button type="button" className="item" onClick={() => actions.openActor(u.actorId)}>
                    <span className="swatch" style={{ background: ACTOR_COLORS[u.type] }} />
                    <span className="grow">
                      <span className="title">{u.name}</span>
                      <span className="meta">unknown · {u.region ?? "no region"}</span>
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </details>
        )}
      </section>

      <section aria-labelledby="unmet-title">
        <h3 id="unmet-title">Unmet needs ({g.unmetNeeds.length})</h3>
        <ul className="items compact">
          {g.unmetNeeds.slice(0, 12).map((n) => (
            <li key={n.needId}>
              <button
                type="button"
                className="item"
                onClick={() => {
                  actions.openActor(n.actorId);
                  actions.selection.selectNeed(n.needId);
                }}
              >
                <span className={`badge priority-${n.priority}`}>{n.priority}</span>
                <span className="grow">
                  <span className="title">{n.title}</span>
                  <span className="meta">
                    {n.actorName} · {n.quantity} {n.unit} · {nameOf(n.category)} · {n.reason}
                  </span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="sd-title">
        <h3 id="sd-title">Supply and demand by category and unit</h3>
        <p className="muted small">
          Each row is one unit; bars compare supply with demand within the row, never across units.
        </p>
        <SupplyDemandChart rows={g.byCategory} label="Supply and demand by category" nameOf={nameOf} />
        {g.byRegion.length > 1 && (
          <>
            <h3>By region</h3>
            <SupplyDemandChart rows={g.byRegion} label="Supply and demand by region" nameOf={(k) => k} />
          </>
        )}
      </section>

      <section aria-labelledby="bridges-title">
        <h3 id="bridges-title">Bridge suggestions</h3>
        {bridges.isPending && <p className="muted">Looking for bridges…</p>}
        {bridges.isError && <p className="error">Could not load bridge suggestions: {bridges.error.message}</p>}
        {bridges.data && bridgeList.length === 0 && <p className="muted">No bridge suggestions.</p>}
        <ul className="items compact">
          {bridgeList.slice(0, 10).map((b) => (
            <li key={`${b.from}-${b.to}`}>
              <button type="button" className="item" onClick={() => actions.selection.zoomToActors([b.from, b.to])}>
                <span className="grow">
                  <span className="title">{b.label}</span>
                  {b.why && <span className="meta">{b.why}</span>}
                </span>
              </button>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
