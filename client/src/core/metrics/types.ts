import type { MetricKey } from "../filters/types";

/** Per-actor analysis results; a null entry means the server could not give that metric. */
export interface Metrics {
  values: Record<MetricKey, Map<string, number> | null>;
  community: Map<string, number> | null;
  communityCount: number;
  modularity: number | null;
}
