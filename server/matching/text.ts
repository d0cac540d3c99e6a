// Text relevance by Okapi BM25 (Robertson & Zaragoza 2009, "The Probabilistic Relevance Framework: BM25 and
// Beyond", Found. Trends Inf. Retr. 3(4)) as MiniSearch computes it over title, description and tags.
//
// MiniSearch scores a multi-term query by summing its per-term BM25 scores (and then multiplying by the number of
// terms matched, a ranking heuristic of its own). Asking it for a whole query materialises one result object per
// matching document, which at 100k offerings costs tens of milliseconds for a query of common words; so each term
// is asked once, its scores are kept as a posting list, and a query adds up the lists of its terms in a dense
// scratch array. The BM25 figures are MiniSearch's own.
//
// Relevance in [0, 1] is the share of the query's best possible evidence a document carries: the sum of its
// per-term scores over the sum, for every query term, of the highest score any document has for that term. So a
// document holding every term as strongly as the best document does scores 1, and one holding a single term of
// three equally rare ones about a third. Query terms weigh as the fields they come from do in the index (title 2,
// tags 1.5, description 1), so the words of a title count for more than a passing word of a description. The
// matched-term multiplier is left out because squared coverage makes two terms out of three look weak (4/9).
// Terms the index never saw are left out too, so a long description is not penalised for words no item on the
// other side uses.
import MiniSearch from "minisearch";

export interface ItemText {
  description?: string;
  tags?: readonly string[];
}

interface TextDocument {
  id: number;
  title: string;
  description: string;
  tags: string;
}

interface Postings {
  ids: Int32Array;
  scores: Float64Array;
  max: number;
}

const STOP_WORDS = new Set(
  (
    "a an and are as at be by can for from has have in into is it its of on or our per the their this to up " +
    "use we with who will you your need needs needed offer offers offering"
  ).split(" "),
);

const FIELD_BOOST = { title: 2, tags: 1.5, description: 1 };

/** Lower-case; drop stop words, single letters and bare numbers; fold simple English plurals ("laptops"). */
export function processTerm(term: string): string | null {
  const t = term.toLowerCase();
  if (t.length < 2 || STOP_WORDS.has(t) || /^\d+$/.test(t)) return null;
  if (t.length > 4 && t.endsWith("ies")) return `${t.slice(0, -3)}y`;
  if (t.length > 3 && t.endsWith("s") && !/(ss|us|is)$/.test(t)) return t.slice(0, -1);
  return t;
}

const tokenize = MiniSearch.getDefault("tokenize") as (text: string) => string[];

/** A processed query term and the weight of the strongest field it came from. */
export interface QueryTerm {
  term: string;
  weight: number;
}

export class TextIndex {
  private readonly search: MiniSearch<TextDocument>;
  private readonly postings = new Map<string, Postings | null>();
  private readonly sum: Float64Array;
  private readonly matched: Uint16Array;

  /** `size` bounds the document ids, which index the scratch arrays. */
  constructor(size: number, documents: Iterable<{ id: number; title: string; text?: ItemText }>) {
    this.search = new MiniSearch<TextDocument>({
      fields: ["title", "description", "tags"],
      idField: "id",
      processTerm,
      searchOptions: { boost: FIELD_BOOST, prefix: false, fuzzy: false, combineWith: "OR" },
    });
    const docs: TextDocument[] = [];
    for (const d of documents) {
      docs.push({
        id: d.id,
        title: d.title,
        description: d.text?.description ?? "",
        tags: (d.text?.tags ?? []).join(" "),
      });
    }
    this.search.addAll(docs);
    this.sum = new Float64Array(size);
    this.matched = new Uint16Array(size);
  }

  /**
   * The distinct processed terms of an item's title, description and tags, as a query against this index. Words of
   * `owner` (the asking actor's name) are left out: they say who asks, not what for, and "Counselling from Alder
   * Community Group" must not look like an answer to "Facilities for Alder Community Group".
   */
  query(title: string, text?: ItemText, owner?: string): QueryTerm[] {
    const excluded = new Set<string>();
    for (const token of tokenize(owner ?? "")) {
      const t = processTerm(token);
      if (t) excluded.add(t);
    }
    const weights = new Map<string, number>();
    const add = (value: string, weight: number) => {
      for (const token of tokenize(value)) {
        const t = processTerm(token);
        if (t && !excluded.has(t) && (weights.get(t) ?? 0) < weight) weights.set(t, weight);
      }
    };
    add(title, FIELD_BOOST.title);
    for (const tag of text?.tags ?? []) add(tag, FIELD_BOOST.tags);
    add(text?.description ?? "", FIELD_BOOST.description);
    return [...weights].map(([term, weight]) => ({ term, weight }));
  }

  /**
   * Scores every document matching any term and calls `visit` for each with its relevance, how many query terms it
   * holds and how many query terms the index knows. Cost: the total length of the terms' posting lists.
   */
  score(
    terms: readonly QueryTerm[],
    visit: (id: number, relevance: number, matched: number, known: number) => void,
  ): void {
    const lists: Array<{ postings: Postings; weight: number }> = [];
    let bestSum = 0;
    for (const { term, weight } of terms) {
      const postings = this.postingsOf(term);
      if (!postings) continue;
      lists.push({ postings, weight });
      bestSum += weight * postings.max;
    }
    if (lists.length === 0 || !(bestSum > 0)) return;
    const norm = bestSum;
    const touched: number[] = [];
    for (const { postings, weight } of lists) {
      const { ids, scores } = postings;
      for (let k = 0; k < ids.length; k++) {
        const id = ids[k]!;
        if (this.matched[id] === 0) touched.push(id);
        this.matched[id]! += 1;
        this.sum[id]! += weight * scores[k]!;
      }
    }
    for (const id of touched) {
      visit(id, Math.min(1, this.sum[id]! / norm), this.matched[id]!, lists.length);
      this.sum[id] = 0;
      this.matched[id] = 0;
    }
  }

  private postingsOf(term: string): Postings | null {
    const cached = this.postings.get(term);
    if (cached !== undefined) return cached;
    // The term is already processed: MiniSearch must not tokenise or fold it a second time.
    const results = this.search.search(term, { tokenize: (s) => [s], processTerm: (s) => s });
    let postings: Postings | null = null;
    if (results.length > 0) {
      const ids = new Int32Array(results.length);
      const scores = new Float64Array(results.length);
      let max = 0;
      results.forEach((r, k) => {
        ids[k] = r.id as number;
        scores[k] = r.score;
        if (r.score > max) max = r.score;
      });
      postings = { ids, scores, max };
    }
    this.postings.set(term, postings);
    return postings;
  }
}
