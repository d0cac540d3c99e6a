// Unmet needs: open and partially met needs that no available offering reaches (gaps-reach.ts), each with a
// reason a reader can act on (no offering at all, out of reach, or reach that cannot be judged).
import { PRIORITY_WEIGHTS } from "../domain/priority";
import { coordinates, isOpen, Matcher } from "./gaps-reach";
import type { NeedMatch } from "./gaps-reach";
import type { EcosystemData, GapNeed, GapOptions, UnmetNeed, UnmetReason } from "./gaps-types";

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

export function km(distance: number): string {
  return distance < 10 ? `${distance.toFixed(1)} km` : `${Math.round(distance)} km`;
}

function unmetReason(matcher: Matcher, need: GapNeed, match: NeedMatch): { code: UnmetReason; reason: string } {
  const label = matcher.label(need.category);
  if (match.candidates === 0) {
    return { code: "no_offering", reason: `no available offering in ${label} or a related category` };
  }
  if (match.outOfReach > 0) {
    const where =
      match.nearestKm !== null ? ` (nearest ${km(match.nearestKm)} away, reach ${km(match.nearestReachKm ?? 0)})` : "";
    const unknown = match.unknownDistance > 0 ? `; ${match.unknownDistance} more with unknown location` : "";
    const which =
      match.outOfReach === 1
        ? `the only in-person ${label} offering is out of reach`
        : `none of ${match.outOfReach} in-person ${label} offerings is within reach`;
    return { code: "out_of_reach", reason: `${which}${where}${unknown}` };
  }
  const who = coordinates(matcher.actors.get(need.actorId)) ? "the offering actors have" : "this actor has";
  return {
    code: "location_unknown",
    reason: `${plural(match.candidates, "in-person offering")} in ${label} but ${who} no location, so reach cannot be judged`,
  };
}

/**
 * Matches every open need once, keeping each match for the under-served score; `withNearest` marks the needs whose
 * nearest offering distance is wanted even when something reaches them.
 */
export function unmetWith(
  matcher: Matcher,
  needs: readonly GapNeed[],
  withNearest: (need: GapNeed) => boolean = () => false,
): { unmet: UnmetNeed[]; matches: Map<string, NeedMatch> } {
  const unmet: UnmetNeed[] = [];
  const matches = new Map<string, NeedMatch>();
  for (const need of needs) {
    if (!isOpen(need)) continue;
    const match = matcher.match(need, withNearest(need));
    matches.set(need.id, match);
    if (match.reached) continue;
    unmet.push({
      needId: need.id,
      actorId: need.actorId,
      category: need.category,
      title: need.title,
      priority: need.priority,
      status: need.status,
      quantity: need.quantity,
      ...unmetReason(matcher, need, match),
      candidates: match.candidates,
      nearestKm: match.nearestKm,
    });
  }
  unmet.sort(
    (a, b) =>
      PRIORITY_WEIGHTS[b.priority] - PRIORITY_WEIGHTS[a.priority] ||
      b.quantity - a.quantity ||
      (a.needId < b.needId ? -1 : 1),
  );
  return { unmet, matches };
}

/** Open and partially met needs that no available offering reaches, highest priority first, each with a reason. */
export function findUnmetNeeds(data: EcosystemData, options: GapOptions = {}): UnmetNeed[] {
  return unmetWith(new Matcher(data, options), data.needs).unmet;
}
