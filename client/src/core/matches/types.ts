/** One part of a candidate's score, e.g. `{name: "category", value: 1}`. */
export interface ScorePart {
  name: string;
  value: number;
}

/** A step of a warm-introduction path. */
export interface PathStep {
  id?: string;
  name: string;
}

/** A match candidate as the panel shows it, read from the matching endpoint's response by `readCandidates`. */
export interface MatchCandidate {
  offeringId: string;
  actorId?: string;
  actorName: string;
  title: string;
  score: number;
  parts: ScorePart[];
  explanation: string;
  path: PathStep[];
  /** The need's unit; the offering of a candidate always has the same. */
  unit: string;
  /** What "Accept" commits, as the server proposes it: min(capacity left, quantity still needed), in `unit`. */
  proposedAmount: number;
  remainingCapacity: number;
  quantityNeeded: number;
  sharedWords: string[];
}

/** A pair the fit rule refuses (another unit, a neighbouring category, a later start...), shown apart and never
 * accepted. */
export interface NearMiss {
  offeringId: string;
  actorId?: string;
  actorName: string;
  title: string;
  offeringCategory: string;
  offeringUnit: string;
  /** Why it is not a fit, in words, e.g. "another unit: offers people, needs hours". */
  reasons: string[];
  /** The rest of the server's explanation, without the "Not a fit (…)" preamble the reasons already say. */
  detail: string;
}

/** A candidate as the open panel holds it: `gone` once the server stops listing it (its offering used up, the need
 * covered), so its card stays where it was instead of the list closing up under the cursor. */
export type HeldCandidate = MatchCandidate & { gone: boolean };
