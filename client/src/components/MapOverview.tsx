// What the details panel shows while nothing is selected: the map at a glance, and the network's shape as the
// server's summary (GET /analysis/summary) measures it.
import { useEcosystem, useMetrics, useSummaryQuery } from "../core/hooks";
import { isOpenNeed } from "../../../server/schemas/domain";
import type { NetworkSummary } from "../core/api";
import { SurveyNetworkFigures } from "./SurveyScores";

const fixed = (x: number | null, digits = 2) => (x === null ? "–" : x.toFixed(digits));

/** The figures of the network summary, each with what it means in a facilitator's words. */
function NetworkFigures({ summary }: { summary: NetworkSummary }) {
  const { paths, reciprocity } = summary;
  // Sampled paths give an estimate of the mean and a lower bound of the longest.
  const sampled = paths.approximate ? "≈ " : "";
  const figures: Array<[string, string, string]> = [
    ["Density", fixed(summary.density, 3), "Share of all possible ties that exist"],
    [
      "Components",
      `${summary.components.count} (largest ${summary.components.largest})`,
      "Groups with no tie between them",
    ],
    ["Clustering", fixed(summary.averageClustering), "How often two contacts of an actor are tied to each other"],
    [
      "Diameter",
      paths.diameter === null ? "–" : `${paths.approximate ? "≥ " : ""}${paths.diameter}`,
      "Most steps between two actors of the largest component",
    ],
    [
      "Average path",
      paths.averagePathLength === null ? "–" : `${sampled}${fixed(paths.averagePathLength)}`,
      paths.approximate
        ? `Steps between two actors, estimated from ${paths.sources} sampled actors`
        : "Steps between two actors of the largest component, on average",
    ],
    [
      "Reciprocity",
      reciprocity.value === null ? "–" : `${Math.round(reciprocity.value * 100)}%`,
      `Share of the ${reciprocity.directedTies} one-way ties (funds, mentors...) that are returned`,
    ],
    ["Modularity", fixed(summary.modularity), `How clearly the ${summary.communities} communities stand apart`],
  ];
  return (
    <dl className="stats" data-testid="network-summary">
      {figures.map(([label, value, title]) => (
        <div key={label} title={title}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function MapOverview() {
  const eco = useEcosystem();
  const metrics = useMetrics();
  const summary = useSummaryQuery();
  if (!eco) return null;
  const { map } = eco.view;
  const openNeeds = eco.view.needs.filter((n) => isOpenNeed(n.status)).length;
  const available = eco.view.offerings.filter((o) => o.status === "available").length;
  return (
    <div className="overview pad">
      <h2>{map.name}</h2>
      {map.description && <p className="muted">{map.description}</p>}
      <dl className="stats">
        <div>
          <dt>Actors</dt>
          <dd>{eco.view.actors.length}</dd>
        </div>
        <div>
          <dt>Ties</dt>
          <dd>{eco.view.relationships.length}</dd>
        </div>
        <div>
          <dt>Open needs</dt>
          <dd>{openNeeds}</dd>
        </div>
        <div>
          <dt>Available offerings</dt>
          <dd>{available}</dd>
        </div>
        <div>
          <dt>Regions</dt>
          <dd>{eco.regions.length}</dd>
        </div>
        <div>
          <dt>Communities</dt>
          <dd>{metrics.communityCount || "–"}</dd>
        </div>
      </dl>
      <h3>Network</h3>
      {summary.isPending && <p className="muted">Measuring the network…</p>}
      {summary.isError && <p className="error">Could not load the network summary: {summary.error.message}</p>}
      {summary.data && <NetworkFigures summary={summary.data} />}
      <SurveyNetworkFigures />
      <p className="muted small">
        Search or click an actor to see its needs, offerings and ties. Hover to light up its neighbourhood; double-click
        to zoom in.
      </p>
    </div>
  );
}
