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

/** A match candidate as the panel shows it, read from the matching endpoint's response by `readMatches`. */
export interface MatchCandidate {
  offeringId: string;
  actorId?: string;
  actorName: string;
  title: string;
  score: number;
  parts: ScorePart[];
  explanation: string;
  path: PathStep[];
  /** How much to commit when accepting: the suggested amount, else what the need lacks within what is left. */
  amount: number;
}
