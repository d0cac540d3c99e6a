// `npm run bench [-- --sizes 1000,10000,100000] [--reload]`: imports seeded synthetic ecosystems through the API
// (scripts/bench/import.ts) and times the
// analysis engine on them (snapshot load, each metric, Louvain, structure, gaps), then times NetworkX and
// igraph on the same graph and prints the ratios. Maps stay in the bench server between runs, so a second
// run skips the load. Uses NEO4J_URI when set, else a Neo4j instance of its own ("bench", bolt 7694).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import neo4j from "neo4j-driver";
import { buildActorGraph } from "../server/analysis/graph";
import {
  betweennessCentrality,
  closenessCentrality,
  degreeCentrality,
  eigenvectorCentrality,
  pagerank,
  prepareAdjacency,
} from "../server/analysis/centrality";
import { detectCommunities } from "../server/analysis/communities";
import { createRng, sampleIndices } from "../server/analysis/random";
import { analyzeGaps } from "../server/analysis/gaps";
import { analyzeStructure } from "../server/analysis/structure";
import { generateEcosystem } from "../server/analysis/synthetic";
import { planAllocation } from "../server/matching/allocation";
import {
  buildMatchIndex,
  matchesForNeed,
  matchesForOffering,
  type ItemText,
  type MatchSnapshot,
} from "../server/matching/index";
import { AtlasStore } from "../server/store/atlas-store";
import { NotFoundError } from "../server/domain/errors";
import { benchAccess, printAccess } from "./bench/access";
import { startApi, type BenchApi, type ImportMeasure } from "./bench/import";
import { benchUndo, printUndo } from "./bench/undo";
import { evaluateRelevance, type RelevanceReport } from "./bench/relevance";
import { start } from "./neo4j";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const work = path.join(root, ".bench");
const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "1000,10000,100000" },
    k: { type: "string", default: "256" },
    // Skips NetworkX and igraph (half an hour at 100k) for a quick look at our own figures.
    "ours-only": { type: "boolean", default: false },
    // Imports the maps again, to measure the import; otherwise a map already in the bench server is kept.
    reload: { type: "boolean", default: false },
    // Only the ranking quality on the labelled set (a fraction of a second, no Neo4j); it also runs by default.
    relevance: { type: "boolean", default: false },
    // Only what access control costs a request (about a minute); it also runs by default.
    access: { type: "boolean", default: false },
    // Only the undo of a chunked import that fails late, at 100k actors (a minute or two); not part of the default run.
    undo: { type: "boolean", default: false },
  },
});
const sizes = values.sizes.split(",").map(Number);
const K = Number(values.k);
const SEED = 42;
/** Validity dates and due dates are judged against a fixed day, so runs compare. */
const TODAY = "2026-01-01";
const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

/** Seconds, in the unit that reads best. */
const f = (s: number | undefined) =>
  s === undefined
    ? "–"
    : s < 0.01
      ? `${(s * 1000).toFixed(2)} ms`
      : s < 1
        ? `${(s * 1000).toFixed(0)} ms`
        : `${s.toFixed(2)} s`;

function ensurePythonLibraries() {
  const probe = spawnSync("/usr/bin/python3", ["-c", "import networkx, igraph"]);
  if (probe.status === 0) return;
  log("installing python3-networkx and python3-igraph (Debian packages)...");
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
  execFileSync("apt-get", ["install", "-y", "-qq", "python3-networkx", "python3-igraph"], { stdio: "inherit" });
}

/** Synthetic items may leave the unit out; an empty unit matches only other empty units. */
function withUnits(eco: ReturnType<typeof generateEcosystem>): MatchSnapshot {
  return {
    ...eco,
    needs: eco.needs.map((n) => ({ ...n, unit: n.unit ?? "" })),
    offerings: eco.offerings.map((o) => ({ ...o, unit: o.unit ?? "" })),
  };
}

function time<T>(fn: () => T): [T, number] {
  const t = performance.now();
  const result = fn();
  return [result, (performance.now() - t) / 1000];
}

function topOverlap(exact: Record<string, number>, approx: Record<string, number>, top: number) {
  const best = (values: Record<string, number>) =>
    new Set(
      Object.entries(values)
        .sort((a, b) => b[1] - a[1])
        .slice(0, top)
        .map(([id]) => id),
    );
  const a = best(exact);
  const b = best(approx);
  return [...a].filter((id) => b.has(id)).length / top;
}

function printRelevance(r: RelevanceReport) {
  console.log(
    `\nRanking quality on fixtures/relevance (${r.needs} needs, the real matcher, ${f(r.seconds)}):\n` +
      `| precision@1 (grade >= 1) | precision@1 (grade 2) | nDCG@5 | misfits ranked as fits |\n|---|---|---|---|\n` +
      `| ${r.precisionAt1.toFixed(3)} | ${r.strictPrecisionAt1.toFixed(3)} | ${r.ndcgAt5.toFixed(3)} | ${r.violations} |`,
  );
  if (r.misses.length > 0) console.log(`first candidate judged 0: ${r.misses.map((m) => m.needId).join(", ")}`);
}
const relevance = evaluateRelevance();
if (values.relevance) {
  printRelevance(relevance);
  process.exit(0);
}

if (!values["ours-only"] && !values.access && !values.undo) ensurePythonLibraries();
mkdirSync(work, { recursive: true });
let uri = process.env.NEO4J_URI;
let user = process.env.NEO4J_USER ?? "neo4j";
let password = process.env.NEO4J_PASSWORD ?? "atlas-bench";
if (!uri) {
  const server = await start({ name: "bench", boltPort: 7694, password, heap: "4g", pageCache: "2g" });
  ({ uri, user, password } = server);
}
const driver = neo4j.driver(uri, neo4j.auth.basic(user, password), { disableLosslessIntegers: true });
const store = new AtlasStore(driver, []);
if (values.access) {
  printAccess(await benchAccess({ uri, user, password }));
  await driver.close();
  process.exit(0);
}
if (values.undo) {
  printUndo(await benchUndo(store, { log }));
  await driver.close();
  process.exit(0);
}

interface Row {
  size: number;
  nodes: number;
  edges: number;
  load?: ImportMeasure;
  ours: Record<string, number>;
  networkx: Record<string, number>;
  igraph: Record<string, number>;
  peakHeapMb: number;
  approximate: boolean;
}
const rows: Row[] = [];
/** The API the maps are imported through, started when a map needs loading. */
let benchApi: BenchApi | undefined;
interface Latency {
  p50: number;
  p95: number;
  n: number;
}
interface MatchRow {
  size: number;
  offerings: number;
  needs: number;
  indexSeconds: number;
  forNeed: Latency;
  forOffering: Latency;
  allocation?: { seconds: number; plan: Awaited<ReturnType<typeof planAllocation>> };
}
const matching: MatchRow[] = [];
let largeMap: { actors: number; offerings: number; forNeed: Latency; forOffering: Latency } | undefined;
let accuracy: { overlap: number; maxError: number; exactSeconds: number; approxSeconds: number } | undefined;

for (const size of sizes) {
  const mapId = `bench-${size}`;
  let load: ImportMeasure | undefined;
  let present = false;
  try {
    present = !values.reload && (await store.getMap(mapId)).counts.actors === size;
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
  }
  if (!present) {
    log(`${size}: generating the JSON bundle file and importing it through the API...`);
    const file = path.join(work, `ecosystem-${size}.json`);
    const generate = path.join(root, "scripts", "generate.ts");
    execFileSync(
      process.execPath,
      ["--import", "tsx", generate, "--actors", String(size), "--seed", "1", "--out", file],
      {
        stdio: "inherit",
      },
    );
    await store.deleteMap(mapId).catch(() => undefined);
    benchApi ??= await startApi(root, { uri, user, password }, log);
    load = await benchApi.importFile(mapId, `Synthetic ${size}`, file);
  }
  (globalThis as { gc?: () => void }).gc?.();

  // Peak heap of the analysis alone: sampled while it runs, from a collected baseline.
  let peak = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 20);
  const ours: Record<string, number> = {};
  await store.snapshot(mapId); // warm Neo4j's query plans and page cache, as a running server has them
  const t0 = performance.now();
  const snapshot = await store.snapshot(mapId);
  ours.snapshot = (performance.now() - t0) / 1000;
  const [graph, graphSeconds] = time(() => buildActorGraph(snapshot.actors, snapshot.relationships));
  ours.graph = graphSeconds;
  const options = { weighted: true, k: K, seed: SEED };
  ours.adjacency = time(() => prepareAdjacency(graph, options))[1];
  ours.degree = time(() => degreeCentrality(graph, options))[1];
  ours.pagerank = time(() => pagerank(graph, options))[1];
  ours.eigenvector = time(() => eigenvectorCentrality(graph, options))[1];
  const [betweenness, bSeconds] = time(() => betweennessCentrality(graph, options));
  ours.betweenness = bSeconds;
  ours.closeness = time(() => closenessCentrality(graph, options))[1];
  ours.louvain = time(() => detectCommunities(graph, { weighted: true, seed: SEED, runs: 1 }))[1];
  ours.structure = time(() => analyzeStructure(graph, { weighted: true }))[1];
  const [gaps, gapsSeconds] = time(() => analyzeGaps(snapshot, { asOf: TODAY }));
  ours.gaps = gapsSeconds;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().heapUsed);

  if (size === 10_000) {
    const [exact, exactSeconds] = time(() => betweennessCentrality(graph, { ...options, threshold: Infinity }));
    const [approx, approxSeconds] = time(() => betweennessCentrality(graph, { ...options, threshold: 0 }));
    const maxError = Math.max(
      ...Object.keys(exact.values).map((id) => Math.abs(exact.values[id]! - approx.values[id]!)),
    );
    accuracy = { overlap: topOverlap(exact.values, approx.values, 100), maxError, exactSeconds, approxSeconds };
  }

  // Matching, as the API serves it: the index over the map's texts, then candidates for sampled needs and offerings.
  const items = await store.itemTexts(mapId);
  const texts = new Map<string, ItemText>(
    items.id.map((id, i) => [id, { description: items.description[i], tags: items.tags[i] }]),
  );
  const underServed = new Map(gaps.underServed.map((u) => [u.actorId, u.score]));
  const [matchIndex, indexSeconds] = time(() => buildMatchIndex(snapshot, { texts, underServed, today: TODAY, graph }));
  const rng = createRng(SEED);
  const latency = (ids: string[], query: (id: string) => unknown) => {
    const ms = ids.map((id) => time(() => query(id))[1] * 1000).sort((a, b) => a - b);
    return { p50: ms[Math.floor(ms.length * 0.5)]!, p95: ms[Math.floor(ms.length * 0.95)]!, n: ms.length };
  };
  const pick = <T extends { id: string }>(list: T[]) =>
    Array.from(sampleIndices(list.length, Math.min(500, list.length), rng), (i) => list[i]!.id);
  const match: MatchRow = {
    size,
    offerings: snapshot.offerings.length,
    needs: snapshot.needs.length,
    indexSeconds,
    forNeed: latency(pick(snapshot.needs), (id) => matchesForNeed(matchIndex, id, { limit: 10 })),
    forOffering: latency(pick(snapshot.offerings), (id) => matchesForOffering(matchIndex, id, { limit: 10 })),
  };
  if (size === 10_000) {
    const t = performance.now();
    const plan = await planAllocation(matchIndex);
    match.allocation = { seconds: (performance.now() - t) / 1000, plan };
  }
  if (size >= 100_000) {
    // The issue's scale: a map with over 10k open needs and 10k available offerings, 50 candidates each. Generated
    // in memory (17,500 actors give about 13k and 11k); the index is built as the API builds it.
    const eco = generateEcosystem({ actors: 17_500, seed: 2, relationshipsPerActor: 5 });
    const ecoTexts = new Map<string, ItemText>(
      [...eco.needs, ...eco.offerings].map((item) => [item.id, { description: item.description }]),
    );
    const ecoGraph = buildActorGraph(eco.actors, eco.relationships);
    const ecoGaps = analyzeGaps({ ...eco, commitments: [] } as never, { asOf: TODAY });
    const ecoIndex = buildMatchIndex(withUnits(eco), {
      texts: ecoTexts,
      underServed: new Map(ecoGaps.underServed.map((u) => [u.actorId, u.score])),
      today: TODAY,
      graph: ecoGraph,
    });
    const t = performance.now();
    const plan = await planAllocation(ecoIndex);
    match.allocation = { seconds: (performance.now() - t) / 1000, plan };

    // The issue's retrieval scale: a map holding 100k offerings (150k actors), generated and indexed in memory.
    const big = generateEcosystem({ actors: 150_000, seed: 3, relationshipsPerActor: 5 });
    const bigIndex = buildMatchIndex(withUnits(big), {
      texts: new Map([...big.needs, ...big.offerings].map((item) => [item.id, { description: item.description }])),
      today: TODAY,
    });
    largeMap = {
      actors: big.actors.length,
      offerings: big.offerings.length,
      forNeed: latency(pick(big.needs), (id) => matchesForNeed(bigIndex, id, { limit: 10 })),
      forOffering: latency(pick(big.offerings), (id) => matchesForOffering(bigIndex, id, { limit: 10 })),
    };
  }
  matching.push(match);
  log(
    `${size}: matching p95 ${match.forNeed.p95.toFixed(1)} ms per need${match.allocation ? `, allocation ${f(match.allocation.seconds)}` : ""}`,
  );

  // The same graph, by node index, for NetworkX and igraph.
  const nodes = graph.nodes();
  const index = new Map(nodes.map((id, i) => [id, i]));
  const lines: string[] = [];
  graph.forEachEdge((_e, attrs, s, t) => lines.push(`${index.get(s)} ${index.get(t)} ${attrs.weight}`));
  writeFileSync(path.join(work, "edges.tsv"), lines.join("\n"));
  const sources = betweenness.approximate
    ? Array.from(sampleIndices(nodes.length, K, createRng(SEED)))
    : nodes.map((_, i) => i);
  writeFileSync(path.join(work, "sources.txt"), sources.join(" "));
  log(
    `${size}: ours done (${Object.entries(ours)
      .map(([k, v]) => `${k} ${v.toFixed(3)}s`)
      .join(", ")}); running NetworkX and igraph...`,
  );
  const py = values["ours-only"]
    ? JSON.stringify({ networkx: {}, igraph: {} })
    : execFileSync(
        "/usr/bin/python3",
        [
          path.join(root, "scripts", "bench", "compare.py"),
          path.join(work, "edges.tsv"),
          String(nodes.length),
          String(K),
          path.join(work, "sources.txt"),
        ],
        { encoding: "utf8", maxBuffer: 1 << 26 },
      );
  const other = JSON.parse(py) as { networkx: Record<string, number>; igraph: Record<string, number> };
  rows.push({
    size,
    nodes: graph.order,
    edges: graph.size,
    load,
    ours,
    ...other,
    peakHeapMb: peak / 2 ** 20,
    approximate: betweenness.approximate,
  });
}
await benchApi?.stop();
await driver.close();

const ratio = (a: number, b: number | undefined) => (b === undefined ? "–" : `${(b / a).toFixed(1)}x`);
const measures = ["degree", "pagerank", "eigenvector", "betweenness", "closeness", "louvain"];
let table =
  "| actors | relationships | measure | Ecosystem Atlas | NetworkX | igraph | NetworkX / ours | igraph / ours |\n|---|---|---|---|---|---|---|---|\n";
for (const r of rows) {
  table += `| ${r.size} | ${r.edges} | snapshot from Neo4j | ${f(r.ours.snapshot)} | | | | |\n`;
  table += `| ${r.size} | ${r.edges} | graphology graph | ${f(r.ours.graph)} | | | | |\n`;
  table += `| ${r.size} | ${r.edges} | typed-array adjacency, shared by every measure | ${f(r.ours.adjacency)} | | | | |\n`;
  table += `| ${r.size} | ${r.edges} | structure (components, cut points, brokers) | ${f(r.ours.structure)} | | | | |\n`;
  table += `| ${r.size} | ${r.edges} | gaps | ${f(r.ours.gaps)} | | | | |\n`;
  for (const m of measures) {
    const label = (m === "betweenness" || m === "closeness") && r.approximate ? `${m} (k = ${K})` : m;
    table += `| ${r.size} | ${r.edges} | ${label} | ${f(r.ours[m])} | ${f(r.networkx[m])} | ${f(r.igraph[m])} | ${ratio(r.ours[m]!, r.networkx[m])} | ${ratio(r.ours[m]!, r.igraph[m])} |\n`;
  }
}
console.log("\n" + table);
for (const r of rows) {
  console.log(
    `${r.size} actors: peak heap during analysis ${r.peakHeapMb.toFixed(0)} MB; degree + PageRank + Louvain ${f(r.ours.degree! + r.ours.pagerank! + r.ours.louvain!)}` +
      (r.load
        ? `; imported through the API (a ${r.load.fileMb.toFixed(0)} MB JSON bundle, ${r.load.items} items, one upload) in ` +
          `${f(r.load.seconds)}: ${Math.round(r.load.items / r.load.seconds)} items/s, API peak resident memory ` +
          `${r.load.peakRssMb.toFixed(0)} MB`
        : ""),
  );
}
if (accuracy) {
  console.log(
    `10000 actors: approximate betweenness (k = ${K}) ${f(accuracy.approxSeconds)} vs exact ${f(accuracy.exactSeconds)}; ` +
      `top-100 overlap ${accuracy.overlap.toFixed(2)}, max absolute error ${accuracy.maxError.toExponential(2)}`,
  );
}

let matchTable =
  "| actors | needs | offerings | match index | candidates for a need p50 / p95 | for an offering p50 / p95 |\n|---|---|---|---|---|---|\n";
for (const m of matching) {
  matchTable += `| ${m.size} | ${m.needs} | ${m.offerings} | ${f(m.indexSeconds)} | ${m.forNeed.p50.toFixed(1)} / ${m.forNeed.p95.toFixed(1)} ms | ${m.forOffering.p50.toFixed(1)} / ${m.forOffering.p95.toFixed(1)} ms |\n`;
}
console.log("\n" + matchTable);
for (const m of matching) {
  if (!m.allocation) continue;
  const { plan, seconds } = m.allocation;
  console.log(
    `${m.size >= 100_000 ? 17_500 : m.size} actors: allocation of ${plan.stats.needs} needs x ${plan.stats.offerings} offerings (${plan.stats.pairs} candidate pairs) in ${f(seconds)} ` +
      `(LP ${f(plan.stats.solveMs / 1000)}); objective ${plan.objective.toFixed(1)} vs greedy ${plan.baseline!.objective.toFixed(1)}; ` +
      `priority-weighted demand met ${(plan.priorityWeightedDemandMet * 100).toFixed(1)}% vs greedy ${(plan.baseline!.priorityWeightedDemandMet * 100).toFixed(1)}%`,
  );
}
if (largeMap) {
  console.log(
    `${largeMap.actors} actors, ${largeMap.offerings} offerings (in memory): candidates for a need p50 / p95 ` +
      `${largeMap.forNeed.p50.toFixed(1)} / ${largeMap.forNeed.p95.toFixed(1)} ms, for an offering ` +
      `${largeMap.forOffering.p50.toFixed(1)} / ${largeMap.forOffering.p95.toFixed(1)} ms`,
  );
}
printRelevance(relevance);
printAccess(await benchAccess({ uri, user, password }));
