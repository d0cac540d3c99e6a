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
