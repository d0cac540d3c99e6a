// Match candidates for one need, from the matching service: score and its parts, a plain-words explanation, the
// warm-introduction path, and "Accept", which proposes a commitment of the amount the server proposes, in the need's
// unit. Near misses (pairs the fit rule refuses) follow in a muted group of their own, with reasons and no Accept.
import { useMemo } from "react";
import { formatAmount } from "../../../server/schemas/domain";
import { api } from "../core/api";
import type { Need } from "../core/api";
import {
  acceptLabel,
  nothingToPropose,
  readCandidates,
  readNearMisses,
  type MatchCandidate,
  type NearMiss,
} from "../core/matches";
import { useActions, useEcosystem, useMapMutation, useNeedMatchesQuery, usePath } from "../core/hooks";
import { Icon } from "./Icon";

const pct = (v: number) => `${Math.round(Math.max(0, Math.min(1, v)) * 100)}%`;

export function MatchesPanel({ need }: { need: Need }) {
  const eco = useEcosystem()!;
  const query = useNeedMatchesQuery(need.id);
  const commitments = eco.commitmentsByNeed.get(need.id) ?? [];
  const candidates = useMemo(() => (query.data ? readCandidates(query.data) : []), [query.data]);
  const nearMisses = useMemo(() => (query.data ? readNearMisses(query.data) : []), [query.data]);

  return (
    <section className="matches" aria-label={`Match candidates for ${need.title}`} data-testid="matches">
      <h4>Match candidates</h4>
      {query.isPending && <p className="muted">Looking for offerings…</p>}
      {query.isError && <p className="error">Could not load candidates: {query.error.message}</p>}
      {query.data && candidates.length === 0 && <p className="muted">No available offering fits this need.</p>}
      <ol className="candidates">
        {candidates.slice(0, 8).map((c, i) => (
          <Candidate key={c.offeringId} candidate={c} rank={i + 1} need={need} />
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

function Candidate({ candidate: c, rank, need }: { candidate: MatchCandidate; rank: number; need: Need }) {
  const actions = useActions();
  const path = usePath();
  const accept = useMapMutation(
    (mapId, amount: number) =>
      api.createCommitment(mapId, {
        offeringId: c.offeringId,
        needId: need.id,
        amount,
        status: "proposed",
        by: "map view",
      }),
    { success: () => `Commitment proposed: ${c.title} → ${need.title}` },
  );
  const label = acceptLabel(c);
  const pathIds = c.path.flatMap((s) => (s.id ? [s.id] : []));
  const showing = pathIds.length > 1 && pathIds.join() === path.join();

  return (
    <li className="candidate" data-offering-id={c.offeringId}>
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
        {label ? (
          <button
            type="button"
            className="btn primary small"
            disabled={accept.isPending || accept.isSuccess}
            onClick={() => accept.mutate(c.proposedAmount)}
            data-testid="accept-candidate"
          >
            <Icon name="check" /> {accept.isSuccess ? "Accepted" : label}
          </button>
        ) : (
          <span className="muted small">{nothingToPropose(c)}</span>
        )}
        {accept.isError && <span className="error small">{accept.error.message}</span>}
      </div>
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
