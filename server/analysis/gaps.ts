// Gap analysis over plain arrays: which needs no offering can meet, where demand outruns supply in the category
// taxonomy and across regions, and which actors are under-served. Which offering reaches which need is decided once
// (gaps-reach.ts) and shared by the three analyses: unmet needs (gaps-unmet-needs.ts), supply and demand
// (gaps-supply-demand.ts) and under-served actors (gaps-under-served.ts).
import { Matcher } from "./gaps-reach";
import { supplyAndDemand } from "./gaps-supply-demand";
import type { EcosystemData, GapAnalysis, UnderServedOptions } from "./gaps-types";
import { receivingNeeds, underServedWith } from "./gaps-under-served";
import { unmetWith } from "./gaps-unmet-needs";

/** All three analyses with one matching pass. */
export function analyzeGaps(data: EcosystemData, options: UnderServedOptions = {}): GapAnalysis {
  const matcher = new Matcher(data, options);
  const { unmet, matches } = unmetWith(matcher, data.needs, receivingNeeds(matcher, options));
  return {
    unmetNeeds: unmet,
    supplyDemand: supplyAndDemand(data, options),
    underServed: underServedWith(data, matcher, unmet, matches, options),
  };
}
