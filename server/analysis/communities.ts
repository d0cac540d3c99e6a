// Community detection by the Louvain method: Blondel, Guillaume, Lambiotte & Lefebvre (2008), "Fast unfolding of
// communities in large networks", J. Stat. Mech. P10008, through graphology-communities-louvain. Louvain is
// randomised, so each run gets a seeded RNG and the best of `runs` seeded runs is kept: the same map and options
// always give the same partition, and a handful of runs lifts small networks to NetworkX-level modularity.
import louvain from "graphology-communities-louvain";
import type { AbstractGraph } from "graphology-types";
import type { EdgeWeightGetter } from "./csr";
import { createRng } from "./random";

export interface CommunityOptions {
  /** Use edge weights as tie strength. Default false. */
  weighted?: boolean;
  getEdgeWeight?: EdgeWeightGetter;
  /** Modularity resolution; above 1 favours smaller communities. */
  resolution?: number;
  seed?: number;
  /** Seeded runs to try, keeping the highest modularity; default 8 up to 5000 nodes, else 1. */
  runs?: number;
}

export const COMMUNITY_DEFAULTS = {
  weighted: false,
  resolution: 1,
  seed: 42,
  smallGraphRuns: 8,
  smallGraphNodes: 5000,
} as const;

export interface Community {
  /** 0 is the largest community; ties broken by the order of the first member in the graph. */
  id: number;
  size: number;
  members: string[];
}

export interface CommunityResult {
  communities: Community[];
  /** Node -> community id. */
  membership: Record<string, number>;
  count: number;
  modularity: number;
  resolution: number;
  weighted: boolean;
  /** Runs tried and the seed of the one kept, so a partition can be reproduced on its own. */
  runs: number;
  seed: number;
}

export function detectCommunities(graph: AbstractGraph, options: CommunityOptions = {}): CommunityResult {
  const weighted = options.weighted ?? COMMUNITY_DEFAULTS.weighted;
  const resolution = options.resolution ?? COMMUNITY_DEFAULTS.resolution;
  const seed = options.seed ?? COMMUNITY_DEFAULTS.seed;
  const runs =
    options.runs ?? (graph.order <= COMMUNITY_DEFAULTS.smallGraphNodes ? COMMUNITY_DEFAULTS.smallGraphRuns : 1);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`communities: runs must be a positive integer, got ${runs}`);
  if (graph.multi) throw new Error("communities: multigraphs are not supported; merge parallel edges first");

  const nodes = graph.nodes();
  let best: { mapping: Record<string, number>; modularity: number; seed: number } | null = null;
  // Without edges modularity is undefined (0/0) and Louvain has nothing to merge: every node stands alone.
  if (graph.size === 0) {
    const mapping: Record<string, number> = {};
    nodes.forEach((node, i) => (mapping[node] = i));
    best = { mapping, modularity: 0, seed };
  } else {
    // Without an explicit getter graphology would read `weight` even in unweighted mode.
    const getEdgeWeight = weighted ? (options.getEdgeWeight ?? "weight") : null;
    for (let r = 0; r < runs; r++) {
      const runSeed = seed + r;
      const detailed = louvain.detailed(graph, { getEdgeWeight, resolution, rng: createRng(runSeed) });
      if (!best || detailed.modularity > best.modularity) {
        best = { mapping: detailed.communities, modularity: detailed.modularity, seed: runSeed };
      }
    }
  }

  const groups = new Map<number, string[]>();
  for (const node of nodes) {
    const label = best!.mapping[node]!;
    const members = groups.get(label);
    if (members) members.push(node);
    else groups.set(label, [node]);
  }
  // Map iteration follows first appearance, so the stable sort breaks size ties by first member.
  const ordered = [...groups.values()].sort((a, b) => b.length - a.length);
  const membership: Record<string, number> = {};
  const communities = ordered.map((members, id) => {
    for (const member of members) membership[member] = id;
    return { id, size: members.length, members };
  });
  return {
    communities,
    membership,
    count: communities.length,
    modularity: best!.modularity,
    resolution,
    weighted,
    runs: graph.size === 0 ? 0 : runs,
    seed: best!.seed,
  };
}
