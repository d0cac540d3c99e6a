// Whether an offering can serve a need: the rule gaps, match candidates, bridges and the allocation share.
// Each part lives here once: which needs are still open, how well categories fit, when an offering counts.
import type { CategoryRelation } from "./taxonomy";

export const NEED_STATUSES = ["open", "partially_met", "met", "closed"] as const;
export type NeedStatus = (typeof NEED_STATUSES)[number];
export const OFFERING_STATUSES = ["available", "committed", "exhausted"] as const;
export type OfferingStatus = (typeof OFFERING_STATUSES)[number];

/** A need still asks for something while it is open or partly met. */
export function isOpenNeed(status: NeedStatus): boolean {
  return status === "open" || status === "partially_met";
}

/** Whether a date (YYYY-MM-DD) falls inside an availability window whose ends may be open. */
export function withinWindow(window: { validFrom?: string; validUntil?: string }, date: string): boolean {
  return (!window.validFrom || window.validFrom <= date) && (!window.validUntil || window.validUntil >= date);
}

/**
 * How well an offering's category fits a need's, by where it stands in the taxonomy. The same category fits
 * fully; an ancestor or a descendant at any depth fits well (a "technology" offering may well serve a
 * "technology/devices" need, as the gap analysis also assumes); a sibling under the same parent fits a little;
 * anything else does not fit, and only strong text relevance can bring it back.
 */
export const CATEGORY_FIT: Readonly<Record<CategoryRelation, number>> = {
  same: 1,
  broader: 0.7,
  narrower: 0.7,
  sibling: 0.4,
  unrelated: 0,
};

// ---- The fit rule ---------------------------------------------------------------------------------------------

export interface Place {
  lat?: number;
  lon?: number;
  region?: string;
}

export interface FitNeed {
  category: string;
  unit: string;
  status: NeedStatus;
}

export interface FitOffering {
  category: string;
  unit: string;
  status: OfferingStatus;
  modality: "in_person" | "remote" | "both";
  reachKm?: number | null;
  validFrom?: string | null;
  validUntil?: string | null;
}

/** Why an offering cannot serve a need, most fundamental first. */
export type MisfitReason =
  | "unrelated_category"
  | "sibling_category"
  | "other_unit"
  | "need_not_open"
  | "offering_unavailable"
  | "not_yet_available"
  | "expired"
  | "out_of_reach"
  | "location_unknown";

/**
 * Reasons that make a pair a near miss worth showing apart (never ranked as a fit, never allocated). An unrelated
 * category is one too when the texts say strongly that the offering does what the need asks (a mis-filed item).
 */
const NEAR_MISS: ReadonlySet<MisfitReason> = new Set(["sibling_category", "other_unit", "not_yet_available"]);

export interface FitVerdict {
  fits: boolean;
  relation: CategoryRelation;
  /** Empty when the offering fits. */
  misfits: MisfitReason[];
  /** Fails only on reasons a facilitator may still want to see (a neighbouring category, another unit, later). */
  nearMiss: boolean;
}

/** A category fits when it is the need's, more specific, or a general offering of an ancestor; siblings do not. */
export function categoryFits(relation: CategoryRelation): boolean {
  return relation === "same" || relation === "narrower" || relation === "broader";
}

/**
 * Whether an offering reaches a need's actor. Remote and "both" offerings reach everyone, and so do in-person
 * offerings that state no reach. An in-person offering with a reach needs both actors' coordinates; when
 * either is missing, it reaches only actors of its own region (and nobody when a region is missing too).
 */
export function reachVerdict(
  offering: Pick<FitOffering, "modality" | "reachKm">,
  distanceKm: number | null,
  sameRegion: boolean,
): "reaches" | "out_of_reach" | "location_unknown" {
  if (offering.modality !== "in_person" || offering.reachKm == null) return "reaches";
  if (distanceKm !== null) return distanceKm <= offering.reachKm ? "reaches" : "out_of_reach";
  return sameRegion ? "reaches" : "location_unknown";
}

/** Whether an offering counts as supply on a date: available, and inside its validity window. */
export function offeringAvailableOn(offering: Pick<FitOffering, "status" | "validFrom" | "validUntil">, date: string) {
  if (offering.status === "exhausted") return "offering_unavailable" as const;
  if (offering.validFrom && offering.validFrom > date) return "not_yet_available" as const;
  if (offering.validUntil && offering.validUntil < date) return "expired" as const;
  return null;
}

/**
 * The one rule for "can this offering serve this need on this date": category (same, more specific, or a
 * general ancestor), the same unit, the need still open, the offering available and inside its window, and
 * within reach. `relationOf` is the category relation (the caller's taxonomy may cache it).
 */
export function assessFit(
  need: FitNeed,
  offering: FitOffering,
  context: {
    date: string;
    relation: CategoryRelation;
    distanceKm: number | null;
    sameRegion: boolean;
    /** The texts share strong evidence (matching decides what counts): an unrelated category is then a near miss. */
    strongText?: boolean;
  },
): FitVerdict {
  const misfits: MisfitReason[] = [];
  if (!categoryFits(context.relation)) {
    misfits.push(context.relation === "sibling" ? "sibling_category" : "unrelated_category");
  }
  if (need.unit !== offering.unit) misfits.push("other_unit");
  if (!isOpenNeed(need.status)) misfits.push("need_not_open");
  const availability = offeringAvailableOn(offering, context.date);
  if (availability) misfits.push(availability);
  const reach = reachVerdict(offering, context.distanceKm, context.sameRegion);
  if (reach !== "reaches") misfits.push(reach);
  return {
    fits: misfits.length === 0,
    relation: context.relation,
    misfits,
    // A mis-filed item is worth a look only when its category is the one thing wrong with it.
    nearMiss:
      misfits.length > 0 &&
      (misfits.every((m) => NEAR_MISS.has(m)) ||
        (context.strongText === true && misfits.length === 1 && misfits[0] === "unrelated_category")),
  };
}

/** What an explanation says for each reason, from the need's side; units and dates are the pair's own. */
export function describeMisfit(
  reason: MisfitReason,
  need: Pick<FitNeed, "category" | "unit">,
  offering: Pick<FitOffering, "category" | "unit" | "validFrom" | "validUntil">,
): string {
  switch (reason) {
    case "unrelated_category":
      return `another category: offers ${offering.category}, needs ${need.category}`;
    case "sibling_category":
      return `a neighbouring category: offers ${offering.category}, needs ${need.category}`;
    case "other_unit":
      return `another unit: offers ${offering.unit || "no unit"}, needs ${need.unit || "no unit"}`;
    case "need_not_open":
      return "the need is no longer open";
    case "offering_unavailable":
      return "the offering is exhausted";
    case "not_yet_available":
      return `not available until ${offering.validFrom}`;
    case "expired":
      return `no longer available since ${offering.validUntil}`;
    case "out_of_reach":
      return "out of the offering's reach";
    case "location_unknown":
      return "a location is missing and the two are not in the same region";
  }
}
