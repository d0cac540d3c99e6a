// Loads the NetworkX reference networks kept in fixtures/reference (see its README for how the values were produced)
// and builds them as actor graphs.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildActorGraph } from "../../server/analysis";
import type { ActorGraph } from "../../server/analysis";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const referenceDir = path.join(repoRoot, "fixtures", "reference");

export interface ReferenceNetwork {
  name: string;
  nodes: string[];
  edges: Array<{ from: string; to: string; weight?: number }>;
  directed: boolean;
  weighted: boolean;
  louvain_best_modularity_networkx: number;
  expected: {
    degree: Record<string, number>;
    degree_centrality: Record<string, number>;
    betweenness: Record<string, number>;
    closeness: Record<string, number>;
    eigenvector: Record<string, number>;
    pagerank: Record<string, number>;
  };
}

export function loadReference(name: "karate" | "karate_weighted"): ReferenceNetwork {
  return JSON.parse(readFileSync(path.join(referenceDir, `${name}.json`), "utf8")) as ReferenceNetwork;
}

/** The reference network as an undirected actor graph; every tie is a partnership carrying the reference weight. */
export function referenceGraph(reference: ReferenceNetwork): ActorGraph {
  return buildActorGraph(
    reference.nodes.map((id) => ({ id, name: `Member ${id}`, type: "individual" as const })),
    reference.edges.map((e) => ({ from: e.from, to: e.to, type: "partners_with" as const, weight: e.weight ?? 1 })),
  );
}
