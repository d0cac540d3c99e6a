// The editor's side of surveys as the client sees it: surveys, respondents, submissions and decisions (all taken
// from the server's zod schemas), and the draft the "New survey" form edits.
import type { ActorType } from "../../../../server/schemas/domain";
import type { SurveyQuestions } from "../../../../server/schemas/surveys";

export type {
  Change,
  ChangeKind,
  Decide,
  Respondent,
  RespondentStatus,
  RosterFilter,
  RoundCreate,
  Submission,
  Survey,
  SurveyCreate,
  SurveyPatch,
  SurveyQuestions,
  SurveyRates,
  SurveySummary,
} from "../../../../server/schemas/surveys";
export type { Provenance } from "../../../../server/schemas/domain";

/** The "New survey" form as typed: the closing day stays a `YYYY-MM-DD` string until sent. */
export interface SurveyDraft {
  title: string;
  intro: string;
  closesOn: string;
  questions: SurveyQuestions;
  types: ActorType[];
  regions: string[];
  tags: string[];
  actorIds: string[];
}

/** What the survey page of the tab shows: the list, a new survey's form, or one survey. */
export type SurveysView = { kind: "list" } | { kind: "new" } | { kind: "survey"; surveyId: string };
