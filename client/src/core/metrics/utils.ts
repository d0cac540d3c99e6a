import type { Centrality, Communities, Gaps } from "../api/types";
import type { MetricKey } from "../filters/types";
import type { Metrics } from "./types";

function getEmptyMetrics(): Metrics {
  return {
    values: { degree: null, pagerank: null, betweenness: null, underServed: null },
    community: null,
    communityCount: 0,
    modularity: null,
  };
}

export function metricsFrom(
  centrality: Centrality | undefined,
  gaps: Gaps | undefined,
  communities: Communities | undefined,
): Metrics {
  const m = getEmptyMetrics();
  if (centrality) {
    for (const key of ["degree", "pagerank", "betweenness"] as const) {
      const values = new Map<string, number>();
      for (const a of centrality.actors) if (a[key] !== undefined) values.set(a.id, a[key]!);
      m.values[key] = values;
    }
  }
  if (gaps) m.values.underServed = new Map(gaps.underServed.map((u) => [u.actorId, u.score]));
  if (communities) {
    m.community = new Map(Object.entries(communities.membership));
    m.communityCount = communities.communities.length;
    m.modularity = communities.modularity;
  }
  return m;
}

/** Degree straight from the data, used until (or unless) the analysis endpoint answers. */
export function localDegree(neighbours: Map<string, Set<string>>): Map<string, number> {
  return new Map([...neighbours].map(([id, set]) => [id, set.size]));
}

export function metricValue(m: Metrics, key: MetricKey, id: string): number | null {
  return m.values[key]?.get(id) ?? null;
}

export function formatMetric(key: MetricKey, v: number | null | undefined): string {
  if (v === null || v === undefined) return "–";
  if (key === "degree") return String(Math.round(v));
  if (key === "underServed") return v.toFixed(2);
  if (key === "pagerank") return v.toFixed(4);
  return v < 0.001 && v > 0 ? v.toExponential(1) : v.toFixed(3);
}
