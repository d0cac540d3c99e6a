// The facilitator's queue: the most under-served actors, each with its most urgent open needs, the best candidate
// offering for each, and the commitments already in flight.
import { useMemo } from "react";
import { ACTOR_COLORS } from "../core/appearance";
import type { Need } from "../core/api";
import { IN_FLIGHT_COMMITMENT_STATUSES, isOpenNeed, PRIORITY_ORDER } from "../../../server/schemas/domain";
import { readCandidates } from "../core/matches";
import { useActions, useEcosystem, useGapsQuery, useNeedMatchesQueries } from "../core/hooks";

const QUEUE_LENGTH = 8;

export function FacilitatorQueue() {
  const eco = useEcosystem();
  const gaps = useGapsQuery();
  const actions = useActions();

  const rows = useMemo(() => {
    if (!eco || !gaps.data) return [];
    return gaps.data.underServed.slice(0, QUEUE_LENGTH).map((u) => {
      const needs = (eco.needsByActor.get(u.actorId) ?? [])
        .filter((n) => isOpenNeed(n.status))
        .sort((a, b) => PRIORITY_ORDER.indexOf(a.priority) - PRIORITY_ORDER.indexOf(b.priority))
        .slice(0, 2);
      const inFlight = (eco.needsByActor.get(u.actorId) ?? []).flatMap((n) =>
        (eco.commitmentsByNeed.get(n.id) ?? [])
          .filter((c) => IN_FLIGHT_COMMITMENT_STATUSES.has(c.status))
          .map((c) => ({ c, need: n })),
      );
      return { u, needs, inFlight };
    });
  }, [eco, gaps.data]);
  const needIds = useMemo(() => rows.flatMap((r) => r.needs.map((n) => n.id)), [rows]);
  const matches = useNeedMatchesQueries(needIds);
  const matchesError = matches.find((m) => m.isError)?.error;

  if (!eco) return null;
  if (gaps.isPending) return <p className="muted pad">Building the queue…</p>;
  if (gaps.isError) return <p className="error pad">Could not load the gaps analysis: {gaps.error.message}</p>;

  const topCandidate = (need: Need) => {
    const data = matches[needIds.indexOf(need.id)]?.data;
    return data ? (readCandidates(data)[0] ?? null) : null;
  };

  return (
    <div className="queue pad" data-testid="queue">
      {matchesError && <p className="error">Could not load match candidates: {matchesError.message}</p>}
      <ol className="queue-list">
        {rows.map(({ u, needs, inFlight }) => (
          <li key={u.actorId} className="card">
            <button type="button" className="item" onClick={() => actions.openActor(u.actorId)}>
              <span className="swatch" style={{ background: ACTOR_COLORS[u.type] }} />
              <span className="grow">
                <span className="title">{u.name}</span>
                <span className="meta" title={[...u.reasons, ...u.notes].join("\n")}>
                  {u.reasons[0] ?? u.notes[0] ?? ""}
                </span>
              </span>
              <span className="score-pill">{u.score.toFixed(2)}</span>
            </button>
            <ul className="sub">
              {needs.map((n) => {
                const best = topCandidate(n);
                return (
                  <li key={n.id}>
                    <button
                      type="button"
                      className="link"
                      onClick={() => {
                        actions.openActor(u.actorId);
                        actions.selection.selectNeed(n.id);
                      }}
                    >
                      {n.title}
                    </button>{" "}
                    <span className={`badge priority-${n.priority}`}>{n.priority}</span>
                    {best && (
                      <div className="meta">
                        Best: {best.title} from {best.actorName} ({best.score.toFixed(2)})
                      </div>
                    )}
                  </li>
                );
              })}
              {needs.length === 0 && <li className="muted">No open needs.</li>}
            </ul>
            {inFlight.length > 0 && (
              <p className="meta">
                In flight:{" "}
                {inFlight.map(({ c, need }) => (
                  <span key={c.id} className={`badge status-${c.status}`} title={need.title}>
                    {c.status} · {c.amount} {need.unit}
                  </span>
                ))}
              </p>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
