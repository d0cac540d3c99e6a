import { formatAmount } from "../../../../server/schemas/domain";
import type { NeedMatches } from "../api";
import type { HeldCandidate, MatchCandidate, NearMiss } from "./types";

/** The offerings that fit the need (the server's fit rule), best first, as the panel shows them. Near misses are
 * never among them. */
export function readCandidates(response: Pick<NeedMatches, "candidates">): MatchCandidate[] {
  return response.candidates.map((c) => ({
    offeringId: c.offeringId,
    actorId: c.offeringActorId,
    actorName: c.offeringActorName,
    title: c.offeringTitle,
    score: c.score,
    parts: Object.entries(c.breakdown).map(([name, value]) => ({ name, value })),
    explanation: c.explanation,
    path: c.introductionPath?.actors ?? [],
    unit: c.unit,
    proposedAmount: c.proposedAmount,
    remainingCapacity: c.remainingCapacity,
    quantityNeeded: c.quantityNeeded,
    sharedWords: c.sharedWords,
  }));
}

/** The near misses of a matches response, in the server's order; none when it has none. */
export function readNearMisses(response: Partial<Pick<NeedMatches, "nearMisses">>): NearMiss[] {
  return (response.nearMisses ?? []).map((m) => {
    const reasons = m.reasons.map((r) => r.text);
    // The server writes "Not a fit (<reasons joined by '; '>): <the usual explanation>"; the panel lists the
    // reasons itself, so only an exact preamble is cut and any other wording is shown whole.
    const preamble = `Not a fit (${reasons.join("; ")}): `;
    return {
      offeringId: m.offeringId,
      actorId: m.offeringActorId,
      actorName: m.offeringActorName,
      title: m.offeringTitle,
      offeringCategory: m.offeringCategory,
      offeringUnit: m.offeringUnit,
      reasons,
      detail: m.explanation.startsWith(preamble) ? m.explanation.slice(preamble.length) : m.explanation,
    };
  });
}

/** The Accept button's words, "Accept (25 devices)", or null when there is nothing to propose. */
export function acceptLabel(c: Pick<MatchCandidate, "proposedAmount" | "unit">): string | null {
  return c.proposedAmount > 0 ? `Accept (${formatAmount(c.proposedAmount, c.unit)})` : null;
}

/** Why a fitting candidate has nothing to propose: the offering is used up, or the need is already promised. */
export function nothingToPropose(c: Pick<MatchCandidate, "remainingCapacity" | "quantityNeeded">): string {
  return c.remainingCapacity <= 0
    ? "No capacity left on this offering."
    : "Nothing left to commit: the need is covered.";
}

/** The candidates in the order first shown (`held`), each updated from the latest response (`fresh`) in place; those
 * the response no longer lists stay, marked gone; new ones join at the end. Accepting one refetches the list, and
 * without this the next card would slide under the pointer and a second click would accept another candidate. */
export function holdOrder(held: readonly MatchCandidate[], fresh: readonly MatchCandidate[]): HeldCandidate[] {
  const latest = new Map(fresh.map((c) => [c.offeringId, c]));
  const out: HeldCandidate[] = held.map((c) => {
    const now = latest.get(c.offeringId);
    return now ? { ...now, gone: false } : { ...c, gone: true };
  });
  const seen = new Set(held.map((c) => c.offeringId));
  for (const c of fresh) if (!seen.has(c.offeringId)) out.push({ ...c, gone: false });
  return out;
}
