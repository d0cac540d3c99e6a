import { keptWhenConfirmedOnly } from "../../../../server/schemas/survey-analysis";
import type { Relationship } from "../api/types";
import type { SurveyAnalysis } from "./types";

export type SurveyActor = SurveyAnalysis["actors"][number];
export type SurveyScore = SurveyActor["trust"];

/** The survey figures of one actor, or null when no survey asked it and nobody rated it. */
export function surveyActor(analysis: SurveyAnalysis | undefined, actorId: string): SurveyActor | null {
  return analysis?.actors.find((a) => a.id === actorId) ?? null;
}

/** The actors that were asked and did not answer the current round of a survey: missing data, not missing ties. */
export function nonRespondents(analysis: SurveyAnalysis | undefined): ReadonlySet<string> {
  return new Set(analysis?.network.nonRespondents ?? []);
}

export const hasSurveys = (analysis: SurveyAnalysis | undefined) => !!analysis && analysis.surveys.length > 0;

export const percent = (x: number) => `${Math.round(x * 100)}%`;

/** "3.2 / 4 (5 ratings)", or a dash when nobody rated it. */
export function formatScore(score: SurveyScore): string {
  return score ? `${scoreValue(score)} / 4 (${ratingCount(score)})` : "–";
}

/** The network's survey figures for the overview: label, value, and what it means. */
export function networkSurveyFigures(analysis: SurveyAnalysis): Array<[string, string, string]> {
  const n = analysis.network;
  return [
    [
      "Response rate",
      percent(n.responseRate),
      `Share of the asked actors that answered the current round; ${n.nonRespondents.length} did not (their ties may be missing)`,
    ],
    [
      "Confirmed ties",
      n.reportedTies ? `${percent(n.reciprocity)} (${n.confirmedTies} of ${n.reportedTies})` : "–",
      "Share of the ties a survey reported that both ends reported",
    ],
    ["Trust", n.trust ? n.trust.mean.toFixed(1) : "–", "Mean trust partners rated each other with (1-4, PARTNER)"],
    ["Value", n.value ? n.value.mean.toFixed(1) : "–", "Mean value partners rated each other with (1-4, PARTNER)"],
  ];
}

/** The dashed ring around an actor that did not answer: grey, as missing data, not a kind of actor. */
export const NON_RESPONDENT_RING = { color: "#6B7280", dash: [3, 3] as const, gap: 3, width: 2 };

/** A score's mean alone, "3.2", or a dash. */
export const scoreValue = (score: SurveyScore) => (score ? score.mean.toFixed(1) : "–");

/** "5 ratings", "1 rating", or "not rated". */
export const ratingCount = (score: SurveyScore) =>
  score ? `${score.count} rating${score.count === 1 ? "" : "s"}` : "not rated";

/** The ties "confirmed ties only" leaves out: those a survey reported from one end only (the server's rule). */
export function oneSidedTieIds(relationships: readonly Relationship[]): ReadonlySet<string> {
  return new Set(relationships.filter((r) => !keptWhenConfirmedOnly(r)).map((r) => r.id));
}
