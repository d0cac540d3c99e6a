// What the analysis of survey data reads: each survey's roster and who submitted its current round with the trust
// and value ratings of the accepted answers (one transaction), and the ties survey answers reported with who
// reported them (a scan of the map's ties, which the caller keeps per map version). The ratings are read from the
// decided change lists (the accepted partner answers hold them), the latest accepted rating of each respondent per
// tie; they count while the tie they rate is on the map with the rater among those that reported it
// (services/survey-analysis.ts).
import type { PartnerRating, SurveyTie } from "../analysis/survey-scores";
import type { Change } from "../schemas/surveys";
import { checkReferences } from "./references";
import { rows, type Row, type StoreSession } from "./session";

export interface SurveyRoundData {
  id: string;
  title: string;
  round: number;
  roster: string[];
  submitted: string[];
}

export type TypedTie = SurveyTie & { type: string };
export type TieRating = PartnerRating & { type: string };

export interface SurveyData {
  surveys: SurveyRoundData[];
  /** Accepted ratings, whether or not their tie is still on the map. */
  ratings: TieRating[];
}

interface RatedAnswer {
  from: string;
  to: string;
  type: string;
  trust?: number[];
  value?: number[];
}

export class SurveyAnalysisReader {
  constructor(private readonly session: StoreSession) {}

  /** The ties of the map that survey answers reported. */
  reportedTies(mapId: string): Promise<TypedTie[]> {
    return this.session.read(async (tx) =>
      (await rows(tx, "survey-analysis-ties", { mapId })).map((r) => ({
        from: r.from as string,
        to: r.to as string,
        type: r.type as string,
        reportedBy: r.reportedBy as string[],
      })),
    );
  }

  read(mapId: string): Promise<SurveyData> {
    return this.session.read(async (tx) => {
      await checkReferences(tx, mapId);
      const surveyRows = await rows(tx, "survey-analysis-surveys", { mapId });
      // Oldest survey and round first, so a later accepted rating of the same tie by the same respondent wins.
      const latest = new Map<string, TieRating>();
      for (const s of surveyRows) {
        const decided = [...(s.decided as Row[])].sort((a, b) => Number(a.round) - Number(b.round));
        for (const d of decided) {
          for (const c of JSON.parse(d.changes as string) as Change[]) {
            if (c.decision !== "accepted" || !c.key.startsWith("tie:")) continue;
            const a = c.after as unknown as RatedAnswer;
            if (!a.trust && !a.value) continue;
            latest.set(`${a.from}\u0000${a.to}\u0000${a.type}`, {
              rater: a.from,
              rated: a.to,
              type: a.type,
              ...(a.trust ? { trust: a.trust } : {}),
              ...(a.value ? { value: a.value } : {}),
            });
          }
        }
      }
      return {
        surveys: surveyRows.map((s) => ({
          id: s.id as string,
          title: s.title as string,
          round: Number(s.round),
          roster: s.roster as string[],
          submitted: s.submitted as string[],
        })),
        ratings: [...latest.values()],
      };
    });
  }
}
