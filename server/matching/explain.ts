// One plain sentence per match, written from the side that asked: the needing actor for a need's matches, the
// offering actor for an offering's. Every clause states the evidence itself: the category relation, the amounts in
// their unit ("can cover 25 of the 30 devices needed"), the words the two texts share, the distance and reach, and
// who can introduce whom. A near miss leads with why it is not a fit.
import { formatAmount } from "../domain/units";
import type { CategoryRelation } from "../domain/taxonomy";
import type { Offering } from "../schemas/domain";

type Modality = Offering["modality"];

export interface ExplainInput {
  needActor: string;
  offeringActor: string;
  needTitle: string;
  offeringTitle: string;
  needCategory: string;
  offeringCategory: string;
  /** The offering's category relative to the need's. */
  relation: CategoryRelation;
  quantity: number;
  remaining: number;
  needUnit: string;
  offeringUnit: string;
  modality: Modality;
  reachKm: number | null;
  distanceKm: number | null;
  /** The words both texts hold, strongest evidence first. */
  sharedWords: readonly string[];
  /** Actor names from the needing actor to the offering actor, both included; null when no path. */
  path: string[] | null;
  underServed: number;
  /** Why the pair is not a fit, in words; empty for a fit. */
  reasons: readonly string[];
}

const NUMBER = new Intl.NumberFormat("en", { maximumFractionDigits: 2 });

function km(x: number): string {
  return `${x < 10 ? NUMBER.format(Math.round(x * 10) / 10) : NUMBER.format(Math.round(x))} km`;
}

/** "Refurbished laptops" reads "refurbished laptops" mid-sentence; "IT support" keeps its capitals. */
export function midSentence(title: string): string {
  return /^[A-Z]([a-z]|\s)/.test(title) ? title[0]!.toLowerCase() + title.slice(1) : title;
}

/** The category clause, from the needing side. */
function category(m: ExplainInput): string {
  switch (m.relation) {
    case "same":
      return "the same category";
    case "broader":
      return `a broader category (${m.offeringCategory})`;
    case "narrower":
      return `a more specific category (${m.offeringCategory})`;
    case "sibling":
      return `a neighbouring category (${m.offeringCategory})`;
    case "unrelated":
      return `another category (${m.offeringCategory})`;
  }
}

/** From the offering's side the relation reads the other way round. */
function needCategory(m: ExplainInput): string {
  switch (m.relation) {
    case "same":
      return "the same category";
    case "broader":
      return `a more specific category than yours (${m.needCategory})`;
    case "narrower":
      return `a broader category than yours (${m.needCategory})`;
    case "sibling":
      return `a neighbouring category (${m.needCategory})`;
    case "unrelated":
      return `another category (${m.needCategory})`;
  }
}

/** What the words say: never more than the shared words themselves. */
export function wordsClause(words: readonly string[]): string {
  if (words.length === 0) return "no words in common";
  const quoted = words.slice(0, 5).map((w) => `'${w}'`);
  if (words.length === 1) return `shares only the word ${quoted[0]}`;
  return `shares the words ${quoted.join(", ")}${words.length > 5 ? ` and ${words.length - 5} more` : ""}`;
}

function amounts(m: ExplainInput, you: boolean): string {
  if (m.needUnit !== m.offeringUnit) {
    return `${formatAmount(m.remaining, m.offeringUnit)} left, ${formatAmount(m.quantity, m.needUnit)} needed`;
  }
  const can = you ? "you can cover" : "can cover";
  if (m.remaining >= m.quantity) {
    return `${can} all ${formatAmount(m.quantity, m.needUnit)} needed (${NUMBER.format(m.remaining)} left)`;
  }
  return `${can} ${NUMBER.format(m.remaining)} of the ${formatAmount(m.quantity, m.needUnit)} needed`;
}

function where(m: ExplainInput, whose: "its" | "your"): string {
  if (m.modality === "remote") return "available remotely";
  if (m.modality === "both") return "available remotely or in person";
  if (m.distanceKm === null)
    return m.reachKm === null ? "in person, distance unknown" : "in person, in the same region";
  if (m.reachKm === null) return `${km(m.distanceKm)} away, no reach limit stated`;
  return `${km(m.distanceKm)} away within ${whose} ${km(m.reachKm)} reach`;
}

function notFit(m: ExplainInput): string {
  return m.reasons.length > 0 ? `Not a fit (${m.reasons.join("; ")}): ` : "";
}

export function explainForNeed(m: ExplainInput): string {
  return (
    `${notFit(m)}${m.offeringActor} offers ${midSentence(m.offeringTitle)}: ${category(m)}, ${amounts(m, false)}, ` +
    `${wordsClause(m.sharedWords)}; ${where(m, "its")}; ${introduction(m.path)}.`
  );
}

export function explainForOffering(m: ExplainInput): string {
  const who = m.underServed >= 0.5 ? `${m.needActor}, an under-served actor,` : m.needActor;
  return (
    `${notFit(m)}${who} needs ${midSentence(m.needTitle)}: ${needCategory(m)}, ${amounts(m, true)}, ` +
    `${wordsClause(m.sharedWords)}; ${where(m, "your")}; ${introduction(m.path ? [...m.path].reverse() : null)}.`
  );
}

/** `path` runs from the asking actor to the other one. */
function introduction(path: string[] | null): string {
  if (!path) return "no existing ties connect you yet";
  if (path.length === 2) return "you already have a tie with them";
  if (path.length === 3) return `${path[1]} can introduce you`;
  if (path.length === 4) return `${path[1]} can introduce you through ${path[2]}`;
  const via = path.slice(1, -1);
  return `the closest chain of ties runs through ${via.slice(0, -1).join(", ")} and ${via[via.length - 1]}`;
}

export interface PairReasonInput {
  needActor: string;
  offeringActor: string;
  match: { needTitle: string; offeringTitle: string };
  reverse: { needTitle: string; offeringTitle: string } | null;
  needCommunity: number;
  offeringCommunity: number;
  tiesBetween: number;
  distance: number | null;
}

export function explainPairReason(p: PairReasonInput): string {
  const communities = `their communities (${p.needCommunity} and ${p.offeringCommunity})`;
  const ties =
    p.tiesBetween === 0
      ? `${communities} have no ties between them`
      : `${communities} share only ${p.tiesBetween} tie${p.tiesBetween === 1 ? "" : "s"}`;
  const apart =
    p.distance === null ? "the two are not connected at all today" : `the two are ${p.distance} steps apart today`;
  const back = p.reverse
    ? `, and in return ${p.needActor} could meet ${p.offeringActor}'s need for ${midSentence(p.reverse.needTitle)} ` +
      `with ${midSentence(p.reverse.offeringTitle)}`
    : "";
  return (
    `${p.offeringActor} could meet ${p.needActor}'s need for ${midSentence(p.match.needTitle)} with ` +
    `${midSentence(p.match.offeringTitle)}${back}; ${ties}, and ${apart}.`
  );
}
