// Ranking quality of the matcher on the labelled relevance set (fixtures/relevance): the real index
// (buildMatchIndex) and the real query (matchesForNeed) over the set's map, scored against graded judgements.
//
// - precision@1: the share of needs whose first candidate is judged relevant (grade >= 1); "strict" counts grade 2
//   only. Unjudged pairs count as 0, as the set's README allows (every pair that could pass the fit rule is judged).
// - nDCG@5 (Järvelin & Kekäläinen 2002, "Cumulated gain-based evaluation of IR techniques", ACM TOIS 20(4)) with
//   gain 2^grade - 1 and discount log2(rank + 1), over the ideal order of the need's judgements.
// - violations: candidates ranked as fits whose unit differs from the need's or whose category is unrelated or a
//   sibling; the fit rule allows none.
// Only needs with at least one grade-2 judgement count (in this set, all of them).
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { categoryRelation } from "../../server/domain/taxonomy";
import { buildMatchIndex, matchesForNeed } from "../../server/matching";
import type { ItemText, MatchCandidate, MatchNeed, MatchOffering } from "../../server/matching";
import type { ActorNode } from "../../server/analysis/graph";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

interface LabelledSet {
  actors: ActorNode[];
  needs: Array<Omit<MatchNeed, "status"> & { description: string }>;
  offerings: Array<Omit<MatchOffering, "status"> & { description: string }>;
  judgements: Array<{ needId: string; offeringId: string; grade: number }>;
}

export interface RelevanceReport {
  needs: number;
  precisionAt1: number;
  strictPrecisionAt1: number;
  ndcgAt5: number;
  violations: number;
  /** Needs whose first candidate is judged 0 (or has no candidate), with what came first. */
  misses: Array<{ needId: string; first: string | null }>;
  seconds: number;
}

/** No judgement depends on the date; any fixed day keeps runs comparable. */
const TODAY = "2026-01-01";

export function loadLabelledSet(): LabelledSet {
  return JSON.parse(readFileSync(path.join(root, "fixtures", "relevance", "labelled-set.json"), "utf8")) as LabelledSet;
}

/** DCG of grades in rank order, over the first k. */
export function dcg(grades: readonly number[], k: number): number {
  let sum = 0;
  for (let r = 0; r < Math.min(k, grades.length); r++) sum += (2 ** grades[r]! - 1) / Math.log2(r + 2);
  return sum;
}

export function ndcg(ranked: readonly number[], judged: readonly number[], k: number): number {
  const ideal = dcg(
    [...judged].sort((a, b) => b - a),
    k,
  );
  return ideal > 0 ? dcg(ranked, k) / ideal : 0;
}

export function evaluateRelevance(set: LabelledSet = loadLabelledSet()): RelevanceReport {
  const started = performance.now();
  const texts = new Map<string, ItemText>();
  for (const item of [...set.needs, ...set.offerings]) texts.set(item.id, { description: item.description });
  const needs: MatchNeed[] = set.needs.map((n) => ({ ...n, status: "open" }));
  const offerings: MatchOffering[] = set.offerings.map((o) => ({ ...o, status: "available" }));
  const taxonomy = JSON.parse(readFileSync(path.join(root, "fixtures", "taxonomy.json"), "utf8")) as Array<{
    id: string;
  }>;
  const index = buildMatchIndex(
    { actors: set.actors, relationships: [], needs, offerings, categories: taxonomy },
    { texts, today: TODAY },
  );
  const grades = new Map<string, Map<string, number>>();
  for (const j of set.judgements) {
    let g = grades.get(j.needId);
    if (!g) grades.set(j.needId, (g = new Map()));
    g.set(j.offeringId, j.grade);
  }
  const unitOf = new Map(set.offerings.map((o) => [o.id, o.unit]));
  let counted = 0;
  let hits = 0;
  let strict = 0;
  let ndcgSum = 0;
  let violations = 0;
  const misses: RelevanceReport["misses"] = [];
  for (const need of set.needs) {
    const judged = grades.get(need.id);
    if (!judged || ![...judged.values()].some((g) => g === 2)) continue;
    counted++;
    const candidates: MatchCandidate[] = matchesForNeed(index, need.id, { limit: 10 });
    for (const c of candidates) {
      const relation = categoryRelation(c.offeringCategory, c.needCategory);
      if (unitOf.get(c.offeringId) !== need.unit || relation === "unrelated" || relation === "sibling") violations++;
    }
    const ranked = candidates.map((c) => judged.get(c.offeringId) ?? 0);
    if ((ranked[0] ?? 0) >= 1) hits++;
    else misses.push({ needId: need.id, first: candidates[0]?.offeringId ?? null });
    if (ranked[0] === 2) strict++;
    ndcgSum += ndcg(ranked, [...judged.values()], 5);
  }
  return {
    needs: counted,
    precisionAt1: hits / counted,
    strictPrecisionAt1: strict / counted,
    ndcgAt5: ndcgSum / counted,
    violations,
    misses,
    seconds: (performance.now() - started) / 1000,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  console.log(JSON.stringify(evaluateRelevance(), null, 2));
}
