// Match candidates for one need, from the matching service: score and its parts, a plain-words explanation, the
// warm-introduction path, and "Accept", which asks for the amount (the server's proposal, in the need's unit, at most)
// and proposes a commitment. The list keeps the order it was first shown in until the panel is closed or refreshed,
// so an accept (which refetches and re-ranks) never moves another card under the pointer. Near misses (pairs the fit
// rule refuses) follow in a muted group of their own, with reasons and no Accept.
import { useMemo, useState } from "react";
import { formatAmount } from "../../../server/schemas/domain";
import type { Need } from "../core/api";
import {
  acceptLabel,
  holdOrder,
  nothingToPropose,
  readCandidates,
  readNearMisses,
  type HeldCandidate,
  type MatchCandidate,
  type NearMiss,
} from "../core/matches";
import { useActions, useEcosystem, useMapAccess, useNeedMatchesQuery, usePath } from "../core/hooks";
import { AcceptDialog } from "./commitments/AcceptDialog";
import { Icon } from "./Icon";

const SHOWN = 8;

const pct = (v: number) => `${Math.round(Math.max(0, Math.min(1, v)) * 100)}%`;

export function MatchesPanel({ need }: { need: Need }) {
  const eco = useEcosystem()!;
  const query = useNeedMatchesQuery(need.id);
  const commitments = eco.commitmentsByNeed.get(need.id) ?? [];
  const candidates = useMemo(() => (query.data ? readCandidates(query.data).slice(0, SHOWN) : []), [query.data]);
  const nearMisses = useMemo(() => (query.data ? readNearMisses(query.data) : []), [query.data]);
  // The first list shown for this need, and what was accepted from it; both reset on "Refresh" or another need.
  const [held, setHeld] = useState<{ needId: string; list: MatchCandidate[] } | null>(null);
  const [accepted, setAccepted] = useState<Record<string, number>>({});
  if (query.data && (!held || held.needId !== need.id)) {
    setHeld({ needId: need.id, list: candidates });
    if (held) setAccepted({});
  }
  const shown = useMemo(
    () => (held && held.needId === need.id ? holdOrder(held.list, candidates) : []),
    [held, need.id, candidates],
  );
  // Re-ranks only once the new list is in, so the old one never flashes up as the "first shown".
  const refresh = async () => {
    await query.refetch();
    setHeld(null);
    setAccepted({});
  };

  return (
    <section className="matches" aria-label={`Match candidates for ${need.title}`} data-testid="matches">
      <div className="matches-head">
        <h4>Match candidates</h4>
        {held && (
          <button
            type="button"
            className="link small"
            onClick={() => void refresh()}
            disabled={query.isFetching}
            data-testid="refresh-matches"
          >
            Refresh ranking
          </button>
        )}
      </div>
      {query.isPending && <p className="muted">Looking for offerings…</p>}
      {query.isError && <p className="error">Could not load candidates: {query.error.message}</p>}
      {query.data && candidates.length === 0 && <p className="muted">No available offering fits this need.</p>}
      <ol className="candidates">
        {shown.map((c, i) => (
          <Candidate
            key={c.offeringId}
            candidate={c}
            rank={i + 1}
            need={need}
            accepted={accepted[c.offeringId]}
            onAccepted={(amount) => setAccepted((a) => ({ ...a, [c.offeringId]: amount }))}
          />
        ))}
      </ol>
      {nearMisses.length > 0 && (
        <section className="near-misses" aria-labelledby={`near-misses-${need.id}`} data-testid="near-misses">
          <h4 id={`near-misses-${need.id}`}>Near misses — not a fit</h4>
          <ul className="near-miss-list">
            {nearMisses.map((m) => (
              <NearMissItem key={m.offeringId} miss={m} need={need} />
            ))}
          </ul>
        </section>
      )}
      {commitments.length > 0 && (
        <>
          <h4>Commitments</h4>
          <ul className="commitments" data-testid="commitments">
            {commitments.map((c) => {
              const offering = eco.offerings.get(c.offeringId);
              const from = offering ? eco.actors.get(offering.actorId)?.name : undefined;
              return (
                <li key={c.id} data-commitment-id={c.id}>
                  <span className={`badge status-${c.status}`}>{c.status}</span> {formatAmount(c.amount, c.unit)} of{" "}
                  {offering?.title ?? c.offeringId}
                  {from ? ` from ${from}` : ""}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}

function Candidate({
  candidate: c,
  rank,
  need,
  accepted,
  onAccepted,
}: {
  candidate: HeldCandidate;
  rank: number;
  need: Need;
  /** The amount accepted from this card since the list was shown, if any. */
  accepted: number | undefined;
  onAccepted: (amount: number) => void;
}) {
  const actions = useActions();
  const canEdit = useMapAccess()?.canEdit ?? false;
  const path = usePath();
  const [asking, setAsking] = useState(false);
  const label = acceptLabel(c);
  const pathIds = c.path.flatMap((s) => (s.id ? [s.id] : []));
  const showing = pathIds.length > 1 && pathIds.join() === path.join();

  return (
    <li
      className={`candidate ${accepted !== undefined ? "accepted" : ""} ${c.gone ? "gone" : ""}`}
      data-offering-id={c.offeringId}
    >
      <div className="candidate-head">
        <span className="rank">{rank}</span>
        <div className="grow">
          <div className="title">{c.title}</div>
          {c.actorId ? (
            <button
              type="button"
              className="link"
              onClick={() => actions.selection.zoomToActors([need.actorId, c.actorId!])}
            >
              {c.actorName}
            </button>
          ) : (
            <span className="muted">{c.actorName}</span>
          )}
        </div>
        <div className="score" title={`Score ${c.score.toFixed(3)}`}>
          <span className="bar">
            <span style={{ width: pct(c.score) }} />
          </span>
          <span className="small">{c.score.toFixed(2)}</span>
        </div>
      </div>
      {c.parts.length > 0 && (
        <dl className="breakdown">
          {c.parts.map((p) => (
            <div key={p.name}>
              <dt>{p.name.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase()}</dt>
              <dd>
                <span className="bar thin">
                  <span style={{ width: pct(p.value) }} />
                </span>
                <span className="small">{p.value.toFixed(2)}</span>
              </dd>
            </div>
          ))}
        </dl>
      )}
      {c.explanation && <p className="explanation">{c.explanation}</p>}
      {c.path.length > 1 && (
        <p className="path">
          <Icon name="route" /> {c.path.map((s) => s.name).join(" → ")}{" "}
          {pathIds.length > 1 && (
            <button
              type="button"
              className="link"
              onClick={() => actions.selection.showPath(showing ? [] : pathIds)}
              aria-pressed={showing}
            >
              {showing ? "Hide on map" : "Show on map"}
            </button>
          )}
        </p>
      )}
      <div className="candidate-actions">
        {accepted !== undefined ? (
          <span className="accepted-note" data-testid="candidate-accepted">
            <Icon name="check" /> Accepted: {formatAmount(accepted, c.unit)} proposed
          </span>
        ) : c.gone ? (
          <span className="muted small">No longer a candidate (its capacity or the need changed).</span>
        ) : label ? (
          // Proposing a commitment writes to the map: editors and owners only.
          canEdit && (
            <button
              type="button"
              className="btn primary small"
              onClick={() => setAsking(true)}
              data-testid="accept-candidate"
              aria-haspopup="dialog"
            >
              <Icon name="check" /> {label}
            </button>
          )
        ) : (
          <span className="muted small">{nothingToPropose(c)}</span>
        )}
      </div>
      {asking && <AcceptDialog need={need} candidate={c} onClose={() => setAsking(false)} onAccepted={onAccepted} />}
    </li>
  );
}

function NearMissItem({ miss: m, need }: { miss: NearMiss; need: Need }) {
  const actions = useActions();
  return (
    <li className="near-miss" data-offering-id={m.offeringId}>
      <div className="title">{m.title}</div>
      {m.actorId ? (
        <button
          type="button"
          className="link"
          onClick={() => actions.selection.zoomToActors([need.actorId, m.actorId!])}
        >
          {m.actorName}
        </button>
      ) : (
        <span>{m.actorName}</span>
      )}
      <ul className="near-miss-reasons" aria-label="Why it is not a fit">
        {m.reasons.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
      {m.detail && <p className="explanation">{m.detail}</p>}
    </li>
  );
}
