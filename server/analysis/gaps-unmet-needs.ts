// Unmet needs: open and partially met needs that no available offering can serve by the fit rule (gaps-reach.ts),
// each with a reason a reader can act on (nothing fitting at all, out of reach, or reach that cannot be judged).
import { PRIORITY_WEIGHTS } from "../domain/priority";
import { coverOpenNeeds } from "./gaps-coverage";
import type { CoveragePass } from "./gaps-coverage";
import { analysisDate, coordinates, Reach, supplyOfferings } from "./gaps-reach";
import type { NeedReach } from "./gaps-reach";
import type { EcosystemData, GapNeed, GapOptions, UnmetNeed, UnmetReason } from "./gaps-types";

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

export function km(distance: number): string {
  return distance < 10 ? `${distance.toFixed(1)} km` : `${Math.round(distance)} km`;
}

export function unmetReason(reach: Reach, need: GapNeed, r: NeedReach): { code: UnmetReason; reason: string } {
  const label = reach.label(need.category);
  if (r.candidates === 0) {
    const otherUnit = r.otherUnit > 0 ? ` (${plural(r.otherUnit, "offering")} counted in another unit)` : "";
    return {
      code: "no_offering",
      reason: `no available offering of ${need.unit} in ${label} or a related category${otherUnit}`,
    };
  }
  if (r.outOfReach > 0) {
    const where = r.nearestKm !== null ? ` (nearest ${km(r.nearestKm)} away, reach ${km(r.nearestReachKm ?? 0)})` : "";
    const unknown = r.unknownDistance > 0 ? `; ${r.unknownDistance} more with unknown location` : "";
    const which =
      r.outOfReach === 1
        ? `the only in-person ${label} offering is out of reach`
        : `none of ${r.outOfReach} in-person ${label} offerings is within reach`;
    return { code: "out_of_reach", reason: `${which}${where}${unknown}` };
  }
  const who = coordinates(reach.actors.get(need.actorId)) ? "the offering actors have" : "this actor has";
  return {
    code: "location_unknown",
    reason: `${plural(r.candidates, "in-person offering")} in ${label} but ${who} no location, so reach cannot be judged`,
  };
}

/** The open needs of a coverage pass that nothing fitting reaches, highest priority first. */
export function unmetOf(reach: Reach, pass: CoveragePass): UnmetNeed[] {
  const unmet: UnmetNeed[] = [];
  pass.open.forEach((need, i) => {
    if (pass.edges.end(i) > pass.edges.start(i) || pass.outstanding[i] === 0) return;
    const r = pass.details.get(i)!;
    unmet.push({
      needId: need.id,
      actorId: need.actorId,
      category: need.category,
      title: need.title,
      priority: need.priority,
      status: need.status,
      quantity: pass.outstanding[i]!,
      unit: need.unit,
      ...unmetReason(reach, need, r),
      candidates: r.candidates,
      nearestKm: r.nearestKm,
    });
  });
  // Priority first; within a priority, larger quantities of the same unit first (units are never compared).
  unmet.sort(
    (a, b) =>
      PRIORITY_WEIGHTS[b.priority] - PRIORITY_WEIGHTS[a.priority] ||
      (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : b.quantity - a.quantity) ||
      (a.needId < b.needId ? -1 : 1),
  );
  return unmet;
}

/** Open and partially met needs that no available offering can serve, highest priority first, each with a reason. */
export function findUnmetNeeds(data: EcosystemData, options: GapOptions = {}): UnmetNeed[] {
  const date = analysisDate(options);
  const reach = new Reach(data, supplyOfferings(data.offerings, date), date);
  return unmetOf(
    reach,
    coverOpenNeeds(reach, data.needs, options, () => false),
  );
}
