// Gap analysis over plain arrays: which needs no offering can serve, how much of each need the offerings within
// its reach can cover once shared with competing needs, where demand outruns supply per category and unit and per
// region, and which actors are under-served. Which offering can serve which need is decided once, by the fit
// rule (gaps-reach.ts); coverage by proportional share (gaps-coverage.ts); then unmet needs
// (gaps-unmet-needs.ts), supply and demand (gaps-supply-demand.ts) and under-served actors (gaps-under-served.ts).
import { coverOpenNeeds } from "./gaps-coverage";
import { analysisDate, Reach, supplyOfferings } from "./gaps-reach";
import { supplyAndDemand } from "./gaps-supply-demand";
import type { EcosystemData, GapAnalysis, GapNeed, UnderServedOptions } from "./gaps-types";
import { GAP_DEFAULTS } from "./gaps-types";
import { underServedWeights, underServedWith } from "./gaps-under-served";
import { unmetOf } from "./gaps-unmet-needs";

/** Everything with one reach pass. */
export function analyzeGaps(data: EcosystemData, options: UnderServedOptions = {}): GapAnalysis {
  const asOf = analysisDate(options);
  const weights = underServedWeights(options.weights);
  const reach = new Reach(data, supplyOfferings(data.offerings, asOf), asOf);
  const pass = coverOpenNeeds(reach, data.needs, options, receivingNeeds(reach, options));
  const unmetNeeds = unmetOf(reach, pass);
  const { underServed, unknown } = underServedWith(data, reach, pass, unmetNeeds, { ...options, weights });
  return {
    asOf,
    weights,
    unmetNeeds,
    coverage: pass.open.map((need, i) => ({
      needId: need.id,
      actorId: need.actorId,
      unit: need.unit,
      outstanding: pass.outstanding[i]!,
      withinReach: pass.shared.withinReach[i]!,
      covered: pass.shared.covered[i]!,
      uncovered: pass.outstanding[i]! - pass.shared.covered[i]!,
    })),
    supplyDemand: supplyAndDemand(data, { ...options, asOf }),
    underServed,
    unknown,
  };
}

/** Needs whose nearest fitting offering the under-served score's distance component asks for. */
function receivingNeeds(reach: Reach, options: UnderServedOptions): (need: GapNeed) => boolean {
  const receiving = new Set(options.receivingTypes ?? GAP_DEFAULTS.receivingTypes);
  return (need) => {
    const type = reach.actors.get(need.actorId)?.type;
    return type !== undefined && receiving.has(type);
  };
}

/** Actors of the receiving types, most under-served first, and those with no need recorded apart. */
export function findUnderServedActors(data: EcosystemData, options: UnderServedOptions = {}) {
  const { underServed, unknown } = analyzeGaps(data, options);
  return { underServed, unknown };
}
