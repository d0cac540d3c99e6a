// Degree, degree centrality and weighted degree (strength) as NetworkX `G.degree` and `degree_centrality`, in one pass
// over the CSR arcs; in/out variants when the graph is directed.
import { collect } from "./csr";
import type { Csr } from "./csr";
import type { DegreeValues } from "./centrality-types";

export function degreeKernel(csr: Csr): DegreeValues {
  const { n, nodes, offsets, targets, weights } = csr;
  const out = new Float64Array(n);
  const outW = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = offsets[i + 1]! - offsets[i]!;
    let s = 0;
    for (let a = offsets[i]!; a < offsets[i + 1]!; a++) s += weights[a]!;
    outW[i] = s;
  }
  const scale = n > 1 ? 1 / (n - 1) : 1;
  if (!csr.directed) {
    return {
      degree: collect(nodes, out),
      degreeCentrality: collect(
        nodes,
        out.map((d) => d * scale),
      ),
      weightedDegree: collect(nodes, outW),
    };
  }
  const inn = new Float64Array(n);
  const inW = new Float64Array(n);
  for (let a = 0; a < targets.length; a++) {
    inn[targets[a]!]!++;
    inW[targets[a]!]! += weights[a]!;
  }
  const total = out.map((d, i) => d + inn[i]!);
  return {
    degree: collect(nodes, total),
    degreeCentrality: collect(
      nodes,
      total.map((d) => d * scale),
    ),
    weightedDegree: collect(
      nodes,
      outW.map((w, i) => w + inW[i]!),
    ),
    inDegree: collect(nodes, inn),
    outDegree: collect(nodes, out),
    inWeightedDegree: collect(nodes, inW),
    outWeightedDegree: collect(nodes, outW),
  };
}
