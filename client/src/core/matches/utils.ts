import { ACTIVE_COMMITMENT_STATUSES } from "../../../../server/schemas/domain";
import type { Ecosystem } from "../graph/types";
import type { NeedMatches } from "../api";
import type { MatchCandidate } from "./types";

/** What a need still lacks: its quantity less what active commitments already promise. */
export function needRemaining(eco: Ecosystem, needId: string): number {
  const need = eco.needs.get(needId);
  if (!need) return 0;
  const promised = (eco.commitmentsByNeed.get(needId) ?? [])
    .filter((c) => ACTIVE_COMMITMENT_STATUSES.has(c.status))
    .reduce((s, c) => s + c.amount, 0);
  return Math.max(0, need.quantity - promised);
}

/** The candidates of `GET …/needs/:needId/matches` as the panel shows them, best first. */
export function readMatches(response: NeedMatches, eco: Ecosystem, needId: string): MatchCandidate[] {
  const lacking = needRemaining(eco, needId);
  return response.candidates.map((c) => ({
    offeringId: c.offeringId,
    actorId: c.offeringActorId,
    actorName: c.offeringActorName,
    title: c.offeringTitle,
    score: c.score,
    parts: Object.entries(c.breakdown).map(([name, value]) => ({ name, value })),
    explanation: c.explanation,
    path: c.introductionPath?.actors ?? [],
    amount: Math.max(0, Math.min(lacking, c.remainingCapacity)),
  }));
}
