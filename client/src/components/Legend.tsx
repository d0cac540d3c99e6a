// The legend doubles as a filter: clicking a type shows only that kind of actor or tie.
import { useMemo } from "react";
import { ACTOR_COLORS, ACTOR_LABELS, communityColor, EDGE_STYLES, isDirectedType } from "../core/appearance";
import type { ActorType, RelationshipType } from "../core/api";
import { useActions, useAppearance, useEcosystem, useFilters, useMetrics, useSurveyAnalysisQuery } from "../core/hooks";
import { NON_RESPONDENT_RING } from "../core/surveyAnalysis";

export function Legend() {
  const eco = useEcosystem();
  const { colorBy } = useAppearance();
  const metrics = useMetrics();
  const filters = useFilters();
  const actions = useActions();
  const missing = useSurveyAnalysisQuery().data?.network.nonRespondents.length ?? 0;

  const typeCounts = useMemo(() => {
    const counts = new Map<ActorType, number>();
    for (const a of eco?.view.actors ?? []) counts.set(a.type, (counts.get(a.type) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1]);
  }, [eco]);
  const edgeCounts = useMemo(() => {
    const counts = new Map<RelationshipType, number>();
    for (const r of eco?.view.relationships ?? []) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1]);
  }, [eco]);
  const communities = useMemo(() => {
    if (!metrics.community) return [];
    const sizes = new Map<number, number>();
    for (const c of metrics.community.values()) sizes.set(c, (sizes.get(c) ?? 0) + 1);
    return [...sizes].sort((a, b) => b[1] - a[1]).slice(0, 12);
  }, [metrics.community]);

  return (
    <section className="legend" aria-label="Legend">
      <h3>Actors</h3>
      {colorBy === "community" && metrics.community ? (
        <ul className="legend-list">
          {communities.map(([c, n]) => (
            <li key={c}>
              <span className="swatch" style={{ background: communityColor(c) }} />
              <span>Community {c + 1}</span>
              <span className="count">{n}</span>
            </li>
          ))}
          {metrics.modularity !== null && <li className="muted">Modularity {metrics.modularity.toFixed(2)}</li>}
        </ul>
      ) : (
        <ul className="legend-list" role="group" aria-label="Show actor types">
          {typeCounts.map(([t, n]) => {
            const on = filters.actorTypes.includes(t);
            const dim = filters.actorTypes.length > 0 && !on;
            return (
              <li key={t}>
                <button
                  type="button"
                  className={`legend-item ${dim ? "dim" : ""}`}
                  aria-pressed={on}
                  onClick={() => actions.filters.toggleActorType(t)}
                  title={on ? `Show all types` : `Show only ${ACTOR_LABELS[t]} (add more by clicking)`}
                >
                  <span className="swatch" style={{ background: ACTOR_COLORS[t] }} />
                  <span>{ACTOR_LABELS[t]}</span>
                  <span className="count">{n}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {missing > 0 && (
        <ul className="legend-list" data-testid="legend-non-respondents">
          <li
            style={{ padding: "3px 4px" }}
            title="Asked in a survey and did not answer its current round: their ties are missing data, not missing ties"
          >
            <svg width="14" height="14" aria-hidden="true">
              <circle
                cx="7"
                cy="7"
                r="5.5"
                fill="none"
                stroke={NON_RESPONDENT_RING.color}
                strokeWidth="1.5"
                strokeDasharray="2.5 2"
              />
            </svg>
            <span style={{ flex: 1 }}>Did not answer the survey</span>
            <span className="count">{missing}</span>
          </li>
        </ul>
      )}
      <h3>Ties</h3>
      <ul className="legend-list" role="group" aria-label="Show relationship types">
        {edgeCounts.map(([t, n]) => {
          const style = EDGE_STYLES[t];
          const directed = isDirectedType(t);
          const on = filters.relationshipTypes.includes(t);
          const dim = filters.relationshipTypes.length > 0 && !on;
          return (
            <li key={t}>
              <button
                type="button"
                className={`legend-item ${dim ? "dim" : ""}`}
                aria-pressed={on}
                onClick={() => actions.filters.toggleRelationshipType(t)}
              >
                <svg width="26" height="10" aria-hidden="true">
                  <line x1="1" y1="5" x2={directed ? 19 : 25} y2="5" stroke={style.color} strokeWidth="2" />
                  {directed && <path d="M18 1 L25 5 L18 9 Z" fill={style.color} />}
                </svg>
                <span>{style.label}</span>
                <span className="count">{n}</span>
              </button>
            </li>
          );
        })}
      </ul>
      <p className="muted small">
        Arrows point from the actor that gives to the one that receives; thicker is stronger.
      </p>
    </section>
  );
}
