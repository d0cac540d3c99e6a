// Survey data as network data (Krackhardt 1990, "Assessing the political landscape"; the PARTNER tool of
// Varda & Retrum 2012, "An exploratory analysis of network characteristics and quality of interactions", Public
// Performance & Management Review 35(3)):
// - a tie that both of its ends reported is confirmed, one that only one end reported is unconfirmed; a tie no survey
//   reported (typed or imported) is taken as given, so "confirmed ties only" keeps it;
// - reciprocity: confirmed ties / reported ties among the surveyed actors (only ties both of whose ends were asked
//   could have been reported twice);
// - response rate of a round: submitted / roster; the actors that did not answer are missing data, not actors
//   without ties;
// - trust and value (PARTNER: three items each on 1-4): a rating's score is the mean of its three items; an actor's
//   score is the mean of the scores the others gave it, with their number; the network's is the mean over all
//   rated ties.
// Pure: no driver, no Fastify.
import { keptWhenConfirmedOnly, surveyConfirmed, surveyReported } from "../schemas/survey-analysis";

/** A tie with the actors whose accepted survey answers named it (absent or empty: no survey reported it). */
export interface SurveyTie {
  from: string;
  to: string;
  type?: string;
  reportedBy?: readonly string[];
}

/** One respondent's rating of a partner, as accepted on the map. */
export interface PartnerRating {
  rater: string;
  rated: string;
  trust?: readonly number[];
  value?: readonly number[];
}

export interface Score {
  /** Mean on the 1-4 scale. */
  mean: number;
  /** Ratings the mean is taken over. */
  count: number;
}

export interface ActorRatingScores {
  actorId: string;
  trust: Score | null;
  value: Score | null;
}

export interface RatingScores {
  /** Every rated actor, by id. */
  actors: ActorRatingScores[];
  network: { trust: Score | null; value: Score | null };
}

export interface Reciprocity {
  /** Ties between surveyed actors that a survey reported. */
  reported: number;
  /** Of those, the ones both ends reported. */
  confirmed: number;
  /** confirmed / reported; 0 when none is reported. */
  rate: number;
}

export interface ResponseRate {
  roster: number;
  submitted: number;
  /** submitted / roster; 0 for an empty roster. */
  rate: number;
  /** Roster members that did not submit, by id. */
  nonRespondents: string[];
}

/** The items of a PARTNER scale: three answers from 1 to 4. */
export const RATING_ITEMS = 3;
const MIN = 1;
const MAX = 4;

// The rule itself lives with the schemas, so the client applies the same one to the ties it draws.
export { keptWhenConfirmedOnly, surveyConfirmed, surveyReported };

export function tieStatus(tie: SurveyTie): "confirmed" | "unconfirmed" | "not_surveyed" {
  if (!surveyReported(tie)) return "not_surveyed";
  return surveyConfirmed(tie) ? "confirmed" : "unconfirmed";
}

export function reciprocity(ties: readonly SurveyTie[], surveyed: ReadonlySet<string>): Reciprocity {
  let reported = 0;
  let confirmed = 0;
  for (const tie of ties) {
    if (!surveyReported(tie) || !surveyed.has(tie.from) || !surveyed.has(tie.to)) continue;
    reported++;
    if (surveyConfirmed(tie)) confirmed++;
  }
  return { reported, confirmed, rate: reported ? confirmed / reported : 0 };
}

export function responseRate(roster: readonly string[], submitted: ReadonlySet<string>): ResponseRate {
  const members = [...new Set(roster)];
  const nonRespondents = members.filter((id) => !submitted.has(id)).sort();
  const answered = members.length - nonRespondents.length;
  return {
    roster: members.length,
    submitted: answered,
    rate: members.length ? answered / members.length : 0,
    nonRespondents,
  };
}

/** The mean of a rating's items; guards against answers outside the scale. */
export function ratingScore(items: readonly number[]): number {
  if (items.length !== RATING_ITEMS)
    throw new Error(`survey-scores: a rating has ${RATING_ITEMS} items, got ${items.length}`);
  let sum = 0;
  for (const x of items) {
    if (!Number.isFinite(x) || x < MIN || x > MAX)
      throw new Error(`survey-scores: rating items run from ${MIN} to ${MAX}, got ${x}`);
    sum += x;
  }
  return sum / items.length;
}

class Mean {
  private sum = 0;
  private n = 0;
  add(x: number) {
    this.sum += x;
    this.n++;
  }
  get score(): Score | null {
    return this.n ? { mean: this.sum / this.n, count: this.n } : null;
  }
}

/** Trust and value per rated actor (from the ratings others gave it) and over the whole network. */
export function ratingScores(ratings: readonly PartnerRating[]): RatingScores {
  const perActor = new Map<string, { trust: Mean; value: Mean }>();
  const network = { trust: new Mean(), value: new Mean() };
  for (const r of ratings) {
    // An actor's view of itself says nothing about how others see it.
    if (r.rater === r.rated) continue;
    let entry = perActor.get(r.rated);
    for (const scale of ["trust", "value"] as const) {
      const items = r[scale];
      if (!items) continue;
      const score = ratingScore(items);
      if (!entry) perActor.set(r.rated, (entry = { trust: new Mean(), value: new Mean() }));
      entry[scale].add(score);
      network[scale].add(score);
    }
  }
  return {
    actors: [...perActor]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([actorId, m]) => ({ actorId, trust: m.trust.score, value: m.value.score })),
    network: { trust: network.trust.score, value: network.value.score },
  };
}
