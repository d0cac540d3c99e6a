// The analysis of survey data (/api/maps/:mapId/analysis/survey): confirmed and unconfirmed ties, reciprocity,
// response rates with the actors that did not answer, and PARTNER trust and value per actor and for the network.
import { z } from "zod";
import { TieSelection } from "./analysis";
import { ActorType, Id } from "./domain";

/** A tie with the actors whose accepted survey answers named it (absent or empty: no survey reported it). */
interface ReportedTie {
  from: string;
  to: string;
  reportedBy?: readonly string[];
}

export const surveyReported = (tie: ReportedTie) => (tie.reportedBy?.length ?? 0) > 0;

/** Both ends reported it: a confirmed tie. */
export const surveyConfirmed = (tie: ReportedTie) =>
  surveyReported(tie) && tie.reportedBy!.includes(tie.from) && tie.reportedBy!.includes(tie.to);

/** What "confirmed ties only" keeps: ties no survey reported (typed, imported), and ties both ends reported. */
export const keptWhenConfirmedOnly = (tie: ReportedTie) => !surveyReported(tie) || surveyConfirmed(tie);

export const SurveyAnalysisQuery = z.object({ ties: TieSelection.default("all") }).strict();

const Score = z
  .object({
    /** Mean on the 1-4 scale of the ratings' scores (each the mean of its three items). */
    mean: z.number(),
    count: z.number().int(),
  })
  .nullable()
  .describe("null when nobody rated it");

export const SurveyAnalysis = z.object({
  mapVersion: z.number().int(),
  ties: TieSelection,
  network: z.object({
    trust: Score,
    value: Score,
    /** Confirmed / reported ties among the actors on a roster; 0 when none is reported. */
    reciprocity: z.number(),
    reportedTies: z.number().int(),
    confirmedTies: z.number().int(),
    /** Actors on the roster of any survey. */
    surveyed: z.number().int(),
    /** Submissions of the surveys' current rounds over their rosters, all surveys together; 0 without surveys. */
    responseRate: z.number(),
    /** On a roster and without a submission in that survey's current round: missing data, not missing ties. */
    nonRespondents: z.array(Id),
  }),
  surveys: z.array(
    z.object({
      id: Id,
      title: z.string(),
      round: z.number().int(),
      roster: z.number().int(),
      submitted: z.number().int(),
      responseRate: z.number(),
      nonRespondents: z.array(Id),
    }),
  ),
  /** Every actor a survey asked or a rating names, by id. */
  actors: z.array(
    z.object({
      id: Id,
      name: z.string(),
      type: ActorType,
      trust: Score,
      value: Score,
      /** Its survey-reported ties that both ends, or only one end, reported. */
      confirmedTies: z.number().int(),
      unconfirmedTies: z.number().int(),
      surveyed: z.boolean(),
      /** False for an actor on a roster that did not submit the current round. */
      responded: z.boolean(),
    }),
  ),
});

export type SurveyAnalysis = z.infer<typeof SurveyAnalysis>;
