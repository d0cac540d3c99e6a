// One plain sentence per match, written from the side that asked: the needing actor for a need's matches, the
// offering actor for an offering's. Every clause comes from a reported number, so the sentence never claims more
// than the breakdown shows.
import type { Offering } from "../schemas/domain";
import type { CategoryRelation } from "../domain/taxonomy";

type Modality = Offering["modality"];

export interface ExplainInput {
  needActor: string;
  offeringActor: string;
  needTitle: string;
  offeringTitle: string;
  /** The offering's category relative to the need's. */
  relation: CategoryRelation;
  quantity: number;
  remaining: number;
  modality: Modality;
  reachKm: number | null;
  distanceKm: number | null;
  /** Actor names from the needing actor to the offering actor, both included; null when no path. */
  path: string[] | null;
  underServed: number;
}

const NUMBER = new Intl.NumberFormat("en", { maximumFractionDigits: 2 });

function amount(x: number): string {
  return NUMBER.format(x);
}

function km(x: number): string {
  return `${x < 10 ? NUMBER.format(Math.round(x * 10) / 10) : NUMBER.format(Math.round(x))} km`;
}

/** "Refurbished laptops" reads "refurbished laptops" mid-sentence; "IT support" keeps its capitals. */
export function midSentence(title: string): string {
  return /^[A-Z]([a-z]|\s)/.test(title) ? title[0]!.toLowerCase() + title.slice(1) : title;
}

const OFFERING_CATEGORY: Record<CategoryRelation, string> = {
  same: "same category",
  broader: "a broader category",
  narrower: "a more specific category",
  sibling: "a neighbouring category",
  unrelated: "another category, but a close description match",
};

const NEED_CATEGORY: Record<CategoryRelation, string> = {
  same: "same category",
  broader: "a more specific category than yours",
  narrower: "a broader category than yours",
  sibling: "a neighbouring category",
  unrelated: "another category, but a close description match",
};

function where(m: ExplainInput, whose: "its" | "your"): string {
  if (m.modality === "remote") return "available remotely";
  if (m.modality === "both") return "available remotely or in person";
  if (m.distanceKm === null) return "in person, distance unknown";
  if (m.reachKm === null) return `${km(m.distanceKm)} away, no reach limit stated`;
  return `${km(m.distanceKm)} away within ${whose} ${km(m.reachKm)} reach`;
}

export function explainForNeed(m: ExplainInput): string {
  const intro = introduction(m.path);
  return (
    `${m.offeringActor} offers ${midSentence(m.offeringTitle)} (${OFFERING_CATEGORY[m.relation]}, ` +
    `${amount(m.remaining)} left for ${amount(m.quantity)} needed), ${where(m, "its")}; ${intro}.`
  );
}

export function explainForOffering(m: ExplainInput): string {
  const who = m.underServed >= 0.5 ? `${m.needActor}, an under-served actor,` : m.needActor;
  const intro = introduction(m.path ? [...m.path].reverse() : null);
  return (
    `${who} needs ${midSentence(m.needTitle)} (${NEED_CATEGORY[m.relation]}, ` +
    `${amount(m.quantity)} needed, ${amount(m.remaining)} left), ${where(m, "your")}; ${intro}.`
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
