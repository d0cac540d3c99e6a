// The selected actor: attributes, metrics, needs (each opening its match candidates), offerings, relationships.
import { ACTOR_COLORS, ACTOR_LABELS, EDGE_STYLES } from "../core/appearance";
import type { Actor } from "../core/api";
import { formatAmount } from "../core/forms";
import { formatMetric, metricValue } from "../core/metrics";
import { useActions, useEcosystem, useGapsQuery, useMapAccess, useMetrics, useSelectedNeedId } from "../core/hooks";
import { ActorHistory } from "./ActorHistory";
import { Icon } from "./Icon";
import { MatchesPanel } from "./MatchesPanel";
import { SurveyScores } from "./SurveyScores";
import { ProvenanceNote } from "./surveys/ProvenanceNote";
import { isMemberReach } from "../core/surveys";

const money = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

export function ActorDetails({ actor }: { actor: Actor }) {
  const eco = useEcosystem()!;
  const metrics = useMetrics();
  const gaps = useGapsQuery();
  const selectedNeedId = useSelectedNeedId();
  const actions = useActions();
  // Viewers, link visitors and the public read only: the controls that change data are not offered to them.
  const access = useMapAccess();
  const canEdit = access?.canEdit ?? false;
  const canReadSurveys = isMemberReach(access?.reach);
  const nameOf = (id: string) => eco.actors.get(id)?.name ?? id;
  const needs = eco.needsByActor.get(actor.id) ?? [];
  const offerings = eco.offeringsByActor.get(actor.id) ?? [];
  const relationships = eco.relationshipsByActor.get(actor.id) ?? [];
  const underServed = gaps.data?.underServed.find((u) => u.actorId === actor.id);
  const attributes = Object.entries(actor.attributes);

  return (
    <article className="actor-details" aria-labelledby="actor-title" data-testid="actor-panel" data-actor-id={actor.id}>
      <header>
        <span className="swatch big" style={{ background: ACTOR_COLORS[actor.type] }} />
        <div className="grow">
          <h2 id="actor-title">{actor.name}</h2>
          <p className="muted">
            {ACTOR_LABELS[actor.type]}
            {actor.location?.region ? ` · ${actor.location.region}` : ""}
          </p>
        </div>
        {canEdit && (
          <button
            type="button"
            className="icon-btn"
            title="Edit actor"
            aria-label="Edit actor"
            onClick={() => actions.ui.openEditor({ kind: "actor", id: actor.id })}
          >
            <Icon name="edit" />
          </button>
        )}
        <button
          type="button"
          className="icon-btn"
          title="Zoom to actor"
          aria-label="Zoom to actor"
          onClick={() => actions.selection.focusActor(actor.id)}
        >
          <Icon name="target" />
        </button>
      </header>

      <dl className="metrics">
        {(["degree", "pagerank", "betweenness", "underServed"] as const).map((k) => (
          <div key={k}>
            <dt>
              {k === "underServed" ? "Under-served" : k === "pagerank" ? "PageRank" : k[0]!.toUpperCase() + k.slice(1)}
            </dt>
            <dd>{formatMetric(k, metricValue(metrics, k, actor.id))}</dd>
          </div>
        ))}
      </dl>
      {underServed && underServed.reasons.length > 0 && (
        <ul className="reasons">
          {underServed.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}

      <SurveyScores actorId={actor.id} />
      {actor.description && <p>{actor.description}</p>}
      {(actor.tags.length > 0 || actor.url) && (
        <p className="tags">
          {actor.tags.map((t) => (
            <span key={t} className="tag">
              {t}
            </span>
          ))}
          {actor.url && (
            <a href={actor.url} target="_blank" rel="noreferrer">
              Website
            </a>
          )}
        </p>
      )}
      {(attributes.length > 0 || actor.location) && (
        <dl className="attributes">
          {attributes.map(([k, v]) => (
            <div key={k}>
              <dt>{k.replace(/_/g, " ")}</dt>
              <dd>{String(v)}</dd>
            </div>
          ))}
          {actor.location && (
            <div>
              <dt>location</dt>
              <dd>
                {actor.location.address ? `${actor.location.address} · ` : ""}
                {actor.location.lat.toFixed(3)}, {actor.location.lon.toFixed(3)}
              </dd>
            </div>
          )}
        </dl>
      )}

      <section aria-labelledby="needs-title">
        <div className="section-head">
          <h3 id="needs-title">Needs ({needs.length})</h3>
          {canEdit && (
            <button
              type="button"
              className="link"
              onClick={() => actions.ui.openEditor({ kind: "need", actorId: actor.id })}
            >
              + Need
            </button>
          )}
        </div>
        <ul className="items" data-testid="needs">
          {needs.map((n) => (
            <li key={n.id} className={n.id === selectedNeedId ? "selected" : ""}>
              <button
                type="button"
                className="item"
                aria-pressed={n.id === selectedNeedId}
                aria-expanded={n.id === selectedNeedId}
                onClick={() => actions.selection.selectNeed(n.id === selectedNeedId ? null : n.id)}
                data-need-id={n.id}
              >
                <span className={`badge priority-${n.priority}`}>{n.priority}</span>
                <span className="grow">
                  <span className="title">{n.title}</span>
                  <span className="meta">
                    {eco.categories.get(n.category)?.name ?? n.category} · {formatAmount(n.quantity, n.unit)} ·{" "}
                    {n.status.replace("_", " ")}
                  </span>
                  <ProvenanceNote provenance={n.provenance} nameOf={nameOf} canReadSurveys={canReadSurveys} />
                </span>
              </button>
              {canEdit && (
                <button
                  type="button"
                  className="icon-btn"
                  aria-label={`Edit need ${n.title}`}
                  onClick={() => actions.ui.openEditor({ kind: "need", id: n.id })}
                >
                  <Icon name="edit" size={14} />
                </button>
              )}
              {n.id === selectedNeedId && <MatchesPanel need={n} />}
            </li>
          ))}
          {needs.length === 0 && <li className="muted">No needs recorded.</li>}
        </ul>
      </section>

      <section aria-labelledby="offerings-title">
        <div className="section-head">
          <h3 id="offerings-title">Offerings ({offerings.length})</h3>
          {canEdit && (
            <button
              type="button"
              className="link"
              onClick={() => actions.ui.openEditor({ kind: "offering", actorId: actor.id })}
            >
              + Offering
            </button>
          )}
        </div>
        <ul className="items">
          {offerings.map((o) => (
            <li key={o.id}>
              <div className="item static">
                <span className="badge">{o.modality.replace("_", " ")}</span>
                <span className="grow">
                  <span className="title">{o.title}</span>
                  <span className="meta">
                    {eco.categories.get(o.category)?.name ?? o.category} ·{" "}
                    {formatAmount(o.capacity - o.committed, o.unit)} of {o.capacity.toLocaleString("en")} left
                    {o.reachKm !== undefined ? ` · reaches ${o.reachKm} km` : ""}
                  </span>
                  <ProvenanceNote provenance={o.provenance} nameOf={nameOf} canReadSurveys={canReadSurveys} />
                </span>
              </div>
              {canEdit && (
                <button
                  type="button"
                  className="icon-btn"
                  aria-label={`Edit offering ${o.title}`}
                  onClick={() => actions.ui.openEditor({ kind: "offering", id: o.id })}
                >
                  <Icon name="edit" size={14} />
                </button>
              )}
            </li>
          ))}
          {offerings.length === 0 && <li className="muted">No offerings recorded.</li>}
        </ul>
      </section>

      <section aria-labelledby="ties-title">
        <div className="section-head">
          <h3 id="ties-title">Relationships ({relationships.length})</h3>
          {canEdit && (
            <button
              type="button"
              className="link"
              onClick={() => actions.ui.openEditor({ kind: "relationship", actorId: actor.id })}
            >
              + Relationship
            </button>
          )}
        </div>
        <ul className="items">
          {relationships.map((r) => {
            const outgoing = r.from === actor.id;
            const other = eco.actors.get(outgoing ? r.to : r.from);
            const style = EDGE_STYLES[r.type];
            return (
              <li key={r.id}>
                <button type="button" className="item" onClick={() => other && actions.selection.focusActor(other.id)}>
                  <span className="tie" style={{ background: style.color }} aria-hidden="true" />
                  <span className="grow">
                    <span className="meta">
                      {r.directed ? (outgoing ? `${style.label} →` : `← ${style.label}`) : style.label}
                    </span>
                    <span className="title">{other?.name ?? (outgoing ? r.to : r.from)}</span>
                    {r.amount !== undefined && <span className="meta">{money.format(r.amount)}</span>}
                    <ProvenanceNote provenance={r.provenance} tie={r} nameOf={nameOf} canReadSurveys={canReadSurveys} />
                  </span>
                </button>
                {canEdit && (
                  <button
                    type="button"
                    className="icon-btn"
                    aria-label="Edit relationship"
                    onClick={() => actions.ui.openEditor({ kind: "relationship", id: r.id })}
                  >
                    <Icon name="edit" size={14} />
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      </section>

      <ActorHistory actorId={actor.id} />
    </article>
  );
}
