// Options, defaults and result shapes shared by every centrality measure (centrality.ts), following NetworkX's
// parameter names and defaults.
import type { WeightOptions } from "./csr";

export interface SamplingOptions {
  /** Above this many nodes, betweenness and closeness are estimated from `k` sampled sources. */
  threshold?: number;
  /** Number of sampled sources in approximate mode. */
  k?: number;
  /** Seed of the source sample, so the estimate is the same on every run. */
  seed?: number;
}

export interface IterationOptions {
  /** PageRank damping factor. */
  alpha?: number;
  /** Convergence when the L1 change is below n * tolerance (NetworkX `tol`). */
  tolerance?: number;
  maxIterations?: number;
}

export const CENTRALITY_DEFAULTS = {
  weighted: false,
  threshold: 5000,
  k: 256,
  seed: 42,
  alpha: 0.85,
  tolerance: 1e-6,
  maxIterations: 100,
} as const;

export interface SampledValues {
  values: Record<string, number>;
  /** True when estimated from `k` sampled sources rather than all nodes. */
  approximate: boolean;
  /** Number of source nodes used (the node count when exact). */
  k: number;
  threshold: number;
}

export interface IterativeValues {
  values: Record<string, number>;
  /** False when maxIterations was reached first (NetworkX would raise); values are then the last iterate. */
  converged: boolean;
  iterations: number;
}

export interface DegreeValues {
  /** Number of incident edges (in + out when directed), as NetworkX `G.degree`. */
  degree: Record<string, number>;
  /** degree / (n - 1), as NetworkX `degree_centrality`. */
  degreeCentrality: Record<string, number>;
  /** Sum of incident edge weights (in + out when directed). */
  weightedDegree: Record<string, number>;
  inDegree?: Record<string, number>;
  outDegree?: Record<string, number>;
  inWeightedDegree?: Record<string, number>;
  outWeightedDegree?: Record<string, number>;
}

export const CENTRALITY_METRICS = ["degree", "betweenness", "closeness", "eigenvector", "pagerank"] as const;
export type CentralityMetric = (typeof CENTRALITY_METRICS)[number];

export type CentralityOptions = WeightOptions & SamplingOptions & IterationOptions;

export interface ComputeCentralityOptions extends CentralityOptions {
  /** Which measures to compute; all by default. */
  metrics?: readonly CentralityMetric[];
}

export interface CentralityResult {
  nodes: number;
  directed: boolean;
  weighted: boolean;
  degree?: DegreeValues;
  betweenness?: SampledValues;
  closeness?: SampledValues;
  eigenvector?: IterativeValues;
  pagerank?: IterativeValues;
}
