// Text relevance by Okapi BM25 with field weights, BM25F (Robertson & Zaragoza 2009, "The Probabilistic Relevance
// Framework: BM25 and Beyond", Found. Trends Inf. Retr. 3(4), sections 3 and 5), over each item's title, tags and
// description, with IDF over the map's own texts.
//
// A term's frequency in a document is the field-weighted count, tf' = sum over fields of boost * count (title 2,
// tags 1.5, description 1), and its length the field-weighted length, so a word in a title counts for more than a
// passing word of a description:
//
//   idf(t)      = ln(1 + (N - n_t + 0.5) / (n_t + 0.5))                 N documents, n_t of them holding t
//   bm25(t, d)  = idf(t) * tf'(k1 + 1) / (tf' + k1 (1 - b + b L'/avgL'))   k1 = 1.2, b = 0.75
//   evidence    = sum over shared terms of query weight * bm25(t, d)       query weights: title 1, tags 0.75,
//                                                                          description 0.5
//   relevance   = 1 - exp(-evidence / tau)                                  tau = 8
//
// The relevance is absolute: it does not depend on what else the query finds, so a document sharing one common
// word ("students", in a sixth of the map's texts: idf about 1.8, evidence under 3) scores under 0.3 however good
// the rest of the hits are, and one sharing two rare words in title and description ("wi-fi", "hotspot" on a map of a
// hundred items: evidence about 10) scores about 0.7. The rarer a word on the map, the more it counts. Words of the
// asking actor's own name are left out of its queries, hyphenated words stay one word ("wi-fi"), and simple English
// plurals fold ("hotspots" -> "hotspot").
export interface ItemText {
  description?: string;
  tags?: readonly string[];
}

export const TEXT_DEFAULTS = {
  k1: 1.2,
  b: 0.75,
  /** Evidence at which relevance reaches 1 - 1/e (0.63). */
  tau: 8,
} as const;

const STOP_WORDS = new Set(
  (
    "a about after all also an and any are as at be been before but by can could do does each every for from get " +
    "has have how if in into is it its just more most much no not of on one or other our out over per so some " +
    "such than that the their them then there these they this those to too up us use used very was we were what " +
    "when where which while who whom why will with within would you your need needs needed offer offers offering " +
    "offered"
  ).split(" "),
);

/** Field weights of a document, and the weights of a query's words by the field they come from. */
const FIELD_BOOST = { title: 2, tags: 1.5, description: 1 } as const;
const QUERY_WEIGHT = { title: 1, tags: 0.75, description: 0.5 } as const;

const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

function tokenize(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** Lower-case; drop stop words, single letters and numbers ("3-6" too); fold simple English plurals ("laptops"). */
export function processTerm(term: string): string | null {
  let t = term.toLowerCase().replace(/['’]s$/, "");
  if (t.length < 2 || STOP_WORDS.has(t) || /^[\d'’-]+$/.test(t)) return null;
  if (t.length > 4 && t.endsWith("ies")) t = `${t.slice(0, -3)}y`;
  else if (t.length > 3 && t.endsWith("s") && !/(ss|us|is)$/.test(t)) t = t.slice(0, -1);
  return t;
}

function terms(text: string): string[] {
  const out: string[] = [];
  for (const token of tokenize(text)) {
    const t = processTerm(token);
    if (t) out.push(t);
  }
  return out;
}

/** A processed query term and the weight of the strongest field it came from. */
export interface QueryTerm {
  term: string;
  weight: number;
}

interface Postings {
  /** Ascending document ids. */
  ids: Int32Array;
  /** bm25(t, d) per document. */
  scores: Float64Array;
}

/** The saturating map from summed BM25 evidence to a relevance in [0, 1). */
export function relevanceOf(evidence: number): number {
  return evidence > 0 ? 1 - Math.exp(-evidence / TEXT_DEFAULTS.tau) : 0;
}

export class TextIndex {
  private readonly postings = new Map<string, Postings>();
  private readonly sum: Float64Array;
  private readonly matched: Uint16Array;

  /** `size` bounds the document ids, which index the scratch arrays; documents must come in ascending id order. */
  constructor(size: number, documents: Iterable<{ id: number; title: string; text?: ItemText }>) {
    const frequencies: Array<{ id: number; tf: Map<string, number>; length: number }> = [];
    let totalLength = 0;
    for (const d of documents) {
      const tf = new Map<string, number>();
      let length = 0;
      const add = (text: string, boost: number) => {
        for (const t of terms(text)) {
          tf.set(t, (tf.get(t) ?? 0) + boost);
          length += boost;
        }
      };
      add(d.title, FIELD_BOOST.title);
      for (const tag of d.text?.tags ?? []) add(tag, FIELD_BOOST.tags);
      add(d.text?.description ?? "", FIELD_BOOST.description);
      frequencies.push({ id: d.id, tf, length });
      totalLength += length;
    }
    const n = frequencies.length;
    const avgLength = n > 0 ? totalLength / n : 1;
    const lists = new Map<string, { ids: number[]; tf: number[]; norm: number[] }>();
    const { k1, b } = TEXT_DEFAULTS;
    for (const { id, tf, length } of frequencies) {
      const norm = k1 * (1 - b + (b * length) / (avgLength || 1));
      for (const [t, f] of tf) {
        let l = lists.get(t);
        if (!l) lists.set(t, (l = { ids: [], tf: [], norm: [] }));
        l.ids.push(id);
        l.tf.push(f);
        l.norm.push(norm);
      }
    }
    for (const [t, l] of lists) {
      const df = l.ids.length;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      const scores = new Float64Array(df);
      for (let k = 0; k < df; k++) scores[k] = (idf * l.tf[k]! * (k1 + 1)) / (l.tf[k]! + l.norm[k]!);
      this.postings.set(t, { ids: Int32Array.from(l.ids), scores });
    }
    this.sum = new Float64Array(size);
    this.matched = new Uint16Array(size);
  }

  /**
   * The distinct processed terms of an item's title, description and tags, as a query against this index. Words of
   * `owner` (the asking actor's name) are left out: they say who asks, not what for, and "Counselling from Alder
   * Community Group" must not look like an answer to "Facilities for Alder Community Group".
   */
  query(title: string, text?: ItemText, owner?: string): QueryTerm[] {
    const excluded = new Set(terms(owner ?? ""));
    const weights = new Map<string, number>();
    const add = (value: string, weight: number) => {
      for (const t of terms(value)) if (!excluded.has(t) && (weights.get(t) ?? 0) < weight) weights.set(t, weight);
    };
    add(title, QUERY_WEIGHT.title);
    for (const tag of text?.tags ?? []) add(tag, QUERY_WEIGHT.tags);
    add(text?.description ?? "", QUERY_WEIGHT.description);
    return [...weights].map(([term, weight]) => ({ term, weight }));
  }

  /**
   * Scores every document matching any term and calls `visit` for each with its relevance, how many query terms it
   * holds and how many query terms the index knows. Cost: the total length of the terms' posting lists.
   */
  score(
    query: readonly QueryTerm[],
    visit: (id: number, relevance: number, matched: number, known: number) => void,
  ): void {
    const touched: number[] = [];
    let known = 0;
    for (const { term, weight } of query) {
      const postings = this.postings.get(term);
      if (!postings) continue;
      known++;
      const { ids, scores } = postings;
      for (let k = 0; k < ids.length; k++) {
        const id = ids[k]!;
        if (this.matched[id] === 0) touched.push(id);
        this.matched[id]! += 1;
        this.sum[id]! += weight * scores[k]!;
      }
    }
    for (const id of touched) {
      visit(id, relevanceOf(this.sum[id]!), this.matched[id]!, known);
      this.sum[id] = 0;
      this.matched[id] = 0;
    }
  }

  /** The query's words a document holds, strongest evidence first: what an explanation may cite. */
  shared(query: readonly QueryTerm[], id: number): string[] {
    const found: Array<{ term: string; evidence: number }> = [];
    for (const { term, weight } of query) {
      const postings = this.postings.get(term);
      if (!postings) continue;
      const k = lowerBound(postings.ids, id);
      if (postings.ids[k] === id) found.push({ term, evidence: weight * postings.scores[k]! });
    }
    return found.sort((x, y) => y.evidence - x.evidence || x.term.localeCompare(y.term)).map((f) => f.term);
  }
}

function lowerBound(ids: Int32Array, id: number): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ids[mid]! < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
