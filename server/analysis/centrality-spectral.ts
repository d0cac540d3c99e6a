// The spectral measures by power iteration over CSR arcs, as NetworkX computes them:
// - PageRank: Page, Brin, Motwani & Winograd (1999), "The PageRank citation ranking", with uniform teleport and
//   dangling mass spread uniformly;
// - eigenvector centrality: Bonacich (1972), "Factoring and weighting approaches to status scores and clique
//   identification", J. Math. Sociol. 2(1), iterating A + I with unit Euclidean norm.
// Weights, when used, are tie strengths. Convergence is NetworkX's: the L1 change below n * tolerance.
import type { Csr } from "./csr";

export interface IterationResult {
  x: Float64Array;
  converged: boolean;
  iterations: number;
}

export function pagerankKernel(
  csr: Csr,
  weighted: boolean,
  alpha: number,
  tol: number,
  maxIter: number,
): IterationResult {
  const { n, offsets, targets, weights } = csr;
  if (n === 0) return { x: new Float64Array(0), converged: true, iterations: 0 };
  const inverseStrength = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let a = offsets[i]!; a < offsets[i + 1]!; a++) s += weighted ? weights[a]! : 1;
    inverseStrength[i] = s > 0 ? 1 / s : 0;
  }
  let x = new Float64Array(n).fill(1 / n);
  let next = new Float64Array(n);
  for (let iteration = 1; iteration <= maxIter; iteration++) {
    next.fill(0);
    let dangling = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[i]!;
      const inv = inverseStrength[i]!;
      if (inv === 0) {
        dangling += xi;
        continue;
      }
      const share = xi * inv;
      for (let a = offsets[i]!; a < offsets[i + 1]!; a++) next[targets[a]!]! += share * (weighted ? weights[a]! : 1);
    }
    // Dangling nodes spread their mass uniformly, like the teleport (NetworkX with dangling=None).
    const base = (alpha * dangling + (1 - alpha)) / n;
    let err = 0;
    for (let i = 0; i < n; i++) {
      const v = alpha * next[i]! + base;
      next[i] = v;
      err += Math.abs(v - x[i]!);
    }
    [x, next] = [next, x];
    if (err < n * tol) return { x, converged: true, iterations: iteration };
  }
  return { x, converged: false, iterations: maxIter };
}

export function eigenvectorKernel(csr: Csr, weighted: boolean, tol: number, maxIter: number): IterationResult {
  const { n, offsets, targets, weights } = csr;
  if (n === 0) return { x: new Float64Array(0), converged: true, iterations: 0 };
  let x = new Float64Array(n).fill(1 / n);
  let next = new Float64Array(n);
  for (let iteration = 1; iteration <= maxIter; iteration++) {
    // Iterating with A + I rather than A avoids oscillation on bipartite graphs, as NetworkX does.
    next.set(x);
    for (let i = 0; i < n; i++) {
      const xi = x[i]!;
      if (xi === 0) continue;
      for (let a = offsets[i]!; a < offsets[i + 1]!; a++) next[targets[a]!]! += xi * (weighted ? weights[a]! : 1);
    }
    let sq = 0;
    for (let i = 0; i < n; i++) sq += next[i]! * next[i]!;
    const norm = Math.sqrt(sq) || 1;
    let err = 0;
    for (let i = 0; i < n; i++) {
      next[i]! /= norm;
      err += Math.abs(next[i]! - x[i]!);
    }
    [x, next] = [next, x];
    if (err < n * tol) return { x, converged: true, iterations: iteration };
  }
  return { x, converged: false, iterations: maxIter };
}
