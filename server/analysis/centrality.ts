// Node centrality, following the NetworkX definitions and defaults so figures can be checked against a tool
// analysts already trust:
// - degree and weighted degree (strength);
// - betweenness: Brandes (2001), "A faster algorithm for betweenness centrality", J. Math. Sociol. 25(2);
//   above a size threshold, source sampling after Brandes & Pich (2007), "Centrality estimation in large
//   networks", Int. J. Bifurcation and Chaos 17(7), scaled as NetworkX's betweenness_centrality(k=...), with the
//   linear scaling of Geisberger, Sanders & Schultes (2008) on undirected graphs (see shortest-paths.ts);
// - closeness with the Wasserman & Faust (1994) correction for disconnected graphs, estimated above the same
//   threshold from the same sampled sources (Eppstein & Wang 2004, "Fast approximation of centrality");
// - eigenvector: power iteration on A + I with unit Euclidean norm (Bonacich 1972), as NetworkX;
// - PageRank: Page, Brin, Motwani & Winograd (1999), power iteration with uniform teleport and dangling mass.
// Weighted mode reads weights as tie strength for the spectral measures and as distance = 1 / weight for paths.
// The measures are computed here rather than taken from graphology-metrics (2.4.2), which can leave weights out
// (`getEdgeWeight: null`) but always runs betweenness and closeness from every source: it has no source sampling,
// which is what keeps both measures within seconds above the threshold, and its closeness has no weighted form.
// Each of its measures also builds its own neighbourhood index per call and allocates predecessor lists per
// source; here one CSR adjacency (csr.ts), cached with the graph, serves every measure, and betweenness and
// closeness share one traversal per source.
import type { AbstractGraph } from "graphology-types";
import { collect, toCsr } from "./csr";
import type { Csr, WeightOptions } from "./csr";
import { degreeKernel } from "./centrality-degree";
import { CENTRALITY_DEFAULTS, CENTRALITY_METRICS } from "./centrality-types";
import type {
  CentralityMetric,
  CentralityOptions,
  CentralityResult,
  ComputeCentralityOptions,
  DegreeValues,
  IterativeValues,
  SampledValues,
} from "./centrality-types";
import { runPaths } from "./centrality-paths";
import { eigenvectorKernel, pagerankKernel } from "./centrality-spectral";
import type { IterationResult } from "./centrality-spectral";

/**
 * The adjacency every measure reads, built once and cached with the graph until it changes; call it to pay that
 * cost up front (the analysis service and the benchmark do).
 */
export function prepareAdjacency(graph: AbstractGraph, options: WeightOptions = {}): void {
  localCsr(graph, options);
}

function localCsr(graph: AbstractGraph, options: WeightOptions): Csr {
  return toCsr("centrality", graph, { ...options, order: "locality" });
}

function iterative(csr: Csr, result: IterationResult): IterativeValues {
  return { values: collect(csr.nodes, result.x), converged: result.converged, iterations: result.iterations };
}

function runPageRank(csr: Csr, options: CentralityOptions): IterativeValues {
  const alpha = options.alpha ?? CENTRALITY_DEFAULTS.alpha;
  if (!(alpha >= 0 && alpha < 1)) throw new Error(`centrality: alpha must be in [0, 1), got ${alpha}`);
  return iterative(
    csr,
    pagerankKernel(
      csr,
      options.weighted ?? CENTRALITY_DEFAULTS.weighted,
      alpha,
      options.tolerance ?? CENTRALITY_DEFAULTS.tolerance,
      options.maxIterations ?? CENTRALITY_DEFAULTS.maxIterations,
    ),
  );
}

function runEigenvector(csr: Csr, options: CentralityOptions): IterativeValues {
  return iterative(
    csr,
    eigenvectorKernel(
      csr,
      options.weighted ?? CENTRALITY_DEFAULTS.weighted,
      options.tolerance ?? CENTRALITY_DEFAULTS.tolerance,
      options.maxIterations ?? CENTRALITY_DEFAULTS.maxIterations,
    ),
  );
}

/** Degree, degree centrality and weighted degree; in/out variants when the graph is directed. */
export function degreeCentrality(graph: AbstractGraph, options: WeightOptions = {}): DegreeValues {
  return degreeKernel(localCsr(graph, options));
}

/** PageRank as NetworkX `pagerank(G, alpha=0.85, tol=1e-6)`; weights are strengths when `weighted`. */
export function pagerank(graph: AbstractGraph, options: CentralityOptions = {}): IterativeValues {
  return runPageRank(localCsr(graph, options), options);
}

/** Eigenvector centrality as NetworkX `eigenvector_centrality` (in-edges when directed), unit Euclidean norm. */
export function eigenvectorCentrality(graph: AbstractGraph, options: CentralityOptions = {}): IterativeValues {
  return runEigenvector(localCsr(graph, options), options);
}

/** Normalised betweenness as NetworkX `betweenness_centrality`; sampled above `threshold` nodes. */
export function betweennessCentrality(graph: AbstractGraph, options: CentralityOptions = {}): SampledValues {
  return runPaths(graph, localCsr(graph, options), options, { betweenness: true, closeness: false }).betweenness!;
}

/** Closeness as NetworkX `closeness_centrality(wf_improved=True)` (inward distances when directed). */
export function closenessCentrality(graph: AbstractGraph, options: CentralityOptions = {}): SampledValues {
  return runPaths(graph, localCsr(graph, options), options, { betweenness: false, closeness: true }).closeness!;
}

/**
 * Every requested measure from one CSR build; betweenness and closeness share their traversals, so asking for
 * both costs about the same as asking for one.
 */
export function computeCentrality(graph: AbstractGraph, options: ComputeCentralityOptions = {}): CentralityResult {
  const metrics = new Set<CentralityMetric>(options.metrics ?? CENTRALITY_METRICS);
  for (const metric of metrics) {
    if (!CENTRALITY_METRICS.includes(metric)) throw new Error(`centrality: unknown metric "${String(metric)}"`);
  }
  const csr = localCsr(graph, options);
  const result: CentralityResult = {
    nodes: csr.n,
    directed: csr.directed,
    weighted: options.weighted ?? CENTRALITY_DEFAULTS.weighted,
  };
  if (metrics.has("degree")) result.degree = degreeKernel(csr);
  if (metrics.has("pagerank")) result.pagerank = runPageRank(csr, options);
  if (metrics.has("eigenvector")) result.eigenvector = runEigenvector(csr, options);
  if (metrics.has("betweenness") || metrics.has("closeness")) {
    Object.assign(
      result,
      runPaths(graph, csr, options, { betweenness: metrics.has("betweenness"), closeness: metrics.has("closeness") }),
    );
  }
  return result;
}
