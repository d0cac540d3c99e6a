import { METRIC_LABELS, type SizeMetric } from "../core/appearance";
import { useActions, useAppearance, useMetrics } from "../core/hooks";

const SIZE_METRICS: SizeMetric[] = ["degree", "pagerank", "betweenness", "underServed", "none"];

export function AppearancePanel() {
  const { sizeMetric, colorBy, showLabels } = useAppearance();
  const metrics = useMetrics();
  const actions = useActions();
  return (
    <section aria-label="Appearance" className="appearance">
      <div className="row">
        <label htmlFor="size-by">Size by</label>
        <select
          id="size-by"
          value={sizeMetric}
          onChange={(e) => actions.appearance.setSizeMetric(e.target.value as SizeMetric)}
        >
          {SIZE_METRICS.map((m) => (
            <option key={m} value={m} disabled={m !== "none" && !metrics.values[m]}>
              {METRIC_LABELS[m]}
              {m !== "none" && !metrics.values[m] ? " (not available)" : ""}
            </option>
          ))}
        </select>
      </div>
      <div className="row">
        <span id="color-by-label">Colour by</span>
        <div className="segmented" role="group" aria-labelledby="color-by-label">
          <button type="button" aria-pressed={colorBy === "type"} onClick={() => actions.appearance.setColorBy("type")}>
            Type
          </button>
          <button
            type="button"
            aria-pressed={colorBy === "community"}
            disabled={!metrics.community}
            title={metrics.community ? "Louvain communities" : "Communities are not available"}
            onClick={() => actions.appearance.setColorBy("community")}
          >
            Community
          </button>
        </div>
      </div>
      <label className="check">
        <input
          type="checkbox"
          checked={showLabels}
          onChange={(e) => actions.appearance.setShowLabels(e.target.checked)}
        />{" "}
        Labels
      </label>
    </section>
  );
}
