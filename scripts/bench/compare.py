"""Times NetworkX and igraph on the same graph as `npm run bench`, so its table can show the ratios.

Usage: python3 compare.py EDGES.tsv N K SOURCES.txt
EDGES.tsv holds `u v weight` lines over node indices 0..N-1; SOURCES.txt the sampled source indices used
for approximate betweenness and closeness. Prints one JSON object of seconds per measure and library.
"""
import json
import sys
import time

import igraph as ig
import networkx as nx

edges_file, n, k, sources_file = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
edges = []
with open(edges_file) as f:
    for line in f:
        u, v, w = line.split()
        edges.append((int(u), int(v), float(w)))
sources = [int(s) for s in open(sources_file).read().split()]
exact = len(sources) == n
out = {"networkx": {}, "igraph": {}}


def timed(lib, name, fn):
    start = time.perf_counter()
    fn()
    out[lib][name] = time.perf_counter() - start


G = nx.Graph()
G.add_nodes_from(range(n))
G.add_weighted_edges_from(edges)
for u, v, d in G.edges(data=True):
    d["distance"] = 1.0 / d["weight"]

timed("networkx", "degree", lambda: dict(G.degree(weight="weight")))
timed("networkx", "pagerank", lambda: nx.pagerank(G, alpha=0.85, weight="weight"))
timed("networkx", "eigenvector", lambda: nx.eigenvector_centrality(G, weight="weight", max_iter=1000))
timed("networkx", "louvain", lambda: nx.community.louvain_communities(G, weight="weight", seed=42))
if exact:
    timed("networkx", "betweenness", lambda: nx.betweenness_centrality(G, weight="distance"))
    timed("networkx", "closeness", lambda: nx.closeness_centrality(G, distance="distance"))
else:
    # NetworkX samples its own k sources; closeness has no sampled form, so it is timed for the same sources.
    timed("networkx", "betweenness", lambda: nx.betweenness_centrality(G, k=k, weight="distance", seed=42))
    timed("networkx", "closeness", lambda: [nx.closeness_centrality(G, u=s, distance="distance") for s in sources])

g = ig.Graph(n=n, edges=[(u, v) for u, v, _ in edges], directed=False)
g.es["weight"] = [w for _, _, w in edges]
g.es["distance"] = [1.0 / w for _, _, w in edges]
timed("igraph", "degree", lambda: g.strength(weights="weight"))
timed("igraph", "pagerank", lambda: g.pagerank(damping=0.85, weights="weight"))
timed("igraph", "eigenvector", lambda: g.eigenvector_centrality(weights="weight", scale=False))
timed("igraph", "louvain", lambda: g.community_multilevel(weights="weight"))
if exact:
    timed("igraph", "betweenness", lambda: g.betweenness(weights="distance"))
    timed("igraph", "closeness", lambda: g.closeness(weights="distance"))
else:
    # python-igraph 0.10 has no source-sampled betweenness; k single-source shortest-path runs are the core of
    # its cost (a lower bound), so that is what is timed.
    def igraph_sources():
        for i in range(0, len(sources), 8):  # in chunks: k full distance rows would not fit in memory at 100k
            g.distances(source=sources[i : i + 8], weights="distance")

    timed("igraph", "betweenness", igraph_sources)
    timed("igraph", "closeness", lambda: g.closeness(vertices=sources, weights="distance", mode="in"))
print(json.dumps(out))
