// Filters by category, region and metric threshold, the neighbourhood focus, and which ties the analyses count. Types are filtered in the legend.
import { METRIC_LABELS } from "../core/appearance";
import { activeFilterCount, type MetricKey } from "../core/filters";
import { useActions, useEcosystem, useFilters, useMetrics, useSelectedActorId, useVisibleActors } from "../core/hooks";

const METRICS: MetricKey[] = ["degree", "pagerank", "betweenness", "underServed"];

export function FiltersPanel() {
  const eco = useEcosystem();
  const f = useFilters();
  const metrics = useMetrics();
  const visible = useVisibleActors();
  const selected = useSelectedActorId();
  const actions = useActions();
  if (!eco) return null;
  const categories = [...eco.categories.values()].sort((a, b) => a.id.localeCompare(b.id));
  const count = activeFilterCount(f);
  const focusActor = f.focus ? eco.actors.get(f.focus.actorId) : undefined;
  // The choice between all and confirmed ties means something once a survey reported a tie.
  const surveyTies = eco.view.relationships.some((r) => (r.reportedBy?.length ?? 0) > 0);

  return (
    <section aria-label="Filters" className="filters">
      <div className="section-head">
        <h3>Filters</h3>
        {count > 0 && (
          <button type="button" className="link" onClick={actions.filters.resetFilters}>
            Clear {count}
          </button>
        )}
      </div>
      <p className="muted small" aria-live="polite" data-testid="visible-count">
        {visible
          ? `${visible.size} of ${eco.view.actors.length} actors shown`
          : `All ${eco.view.actors.length} actors shown`}
      </p>

      <label htmlFor="filter-category">Category (needs or offers)</label>
      <select
        id="filter-category"
        value={f.categories[0] ?? ""}
        onChange={(e) => actions.filters.setCategories(e.target.value ? [e.target.value] : [])}
      >
        <option value="">Any category</option>
        {categories.map((c) => (
          <option key={c.id} value={c.id}>
            {"\u2003".repeat(c.id.split("/").length - 1)}
            {c.name}
          </option>
        ))}
      </select>

      <label htmlFor="filter-region">Region</label>
      <select
        id="filter-region"
        value={f.regions[0] ?? ""}
        onChange={(e) => actions.filters.setRegions(e.target.value ? [e.target.value] : [])}
      >
        <option value="">Any region</option>
        {eco.regions.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>

      <label htmlFor="filter-metric">Metric threshold</label>
      <div className="row">
        <select
          id="filter-metric"
          value={f.thresholdMetric}
          onChange={(e) => actions.filters.setThreshold(e.target.value as MetricKey, f.threshold)}
          aria-label="Metric"
        >
          {METRICS.map((m) => (
            <option key={m} value={m} disabled={!metrics.values[m]}>
              {METRIC_LABELS[m]}
            </option>
          ))}
        </select>
        <input
          type="range"
          min={0}
          max={100}
          step={5}
          value={Math.round(f.threshold * 100)}
          aria-label={`Keep actors with at least this share of the highest ${METRIC_LABELS[f.thresholdMetric]}`}
          aria-valuetext={`${Math.round(f.threshold * 100)}% of the highest`}
          onChange={(e) => actions.filters.setThreshold(f.thresholdMetric, Number(e.target.value) / 100)}
        />
        <output className="small">≥ {Math.round(f.threshold * 100)}%</output>
      </div>

      {(surveyTies || f.confirmedTiesOnly) && (
        <label
          className="check"
          title="The map and its analyses (sizes, communities, structure, gaps, summary) leave out ties only one end reported in a survey; typed and imported ties stay"
        >
          <input
            type="checkbox"
            checked={!!f.confirmedTiesOnly}
            onChange={(e) => actions.filters.setConfirmedTiesOnly(e.target.checked)}
          />{" "}
          Confirmed ties only
        </label>
      )}

      <span className="label">Neighbourhood focus</span>
      {focusActor && f.focus ? (
        <div className="row">
          <span className="small">
            Within {f.focus.depth} of <strong>{focusActor.name}</strong>
          </span>
          <button type="button" className="link" onClick={() => actions.filters.setFocus(null)}>
            Clear
          </button>
        </div>
      ) : null}
      <div className="segmented" role="group" aria-label="Neighbourhood depth">
        {([1, 2] as const).map((depth) => (
          <button
            key={depth}
            type="button"
            disabled={!selected}
            aria-pressed={f.focus?.depth === depth}
            title={
              selected
                ? `Show actors within ${depth} tie${depth > 1 ? "s" : ""} of the selection`
                : "Select an actor first"
            }
            onClick={() => selected && actions.filters.setFocus({ actorId: selected, depth })}
          >
            Depth {depth}
          </button>
        ))}
      </div>
    </section>
  );
}
