// The respondent's side of a survey as the client sees it: the form GET /api/respond/:token answers, the answers it
// saves and submits (all taken from the server's zod schemas), and the drafts the page edits.
import type { z } from "zod";
import type { Offering, Priority, RelationshipType } from "../../../../server/schemas/domain";
import type { PartnerAnswer, SavedAnswers, SubmittedAnswers } from "../../../../server/schemas/surveys";

export type {
  Answers,
  NeedAnswer,
  OfferingAnswer,
  PartnerAnswer,
  RespondentForm,
  RespondentStatus,
  SurveyQuestions,
} from "../../../../server/schemas/surveys";

export type Frequency = PartnerAnswer["frequency"];
/** The 1-4 scales (strength, each trust and value item), which the schema checks as integers from 1 to 4. */
export type Rating = 1 | 2 | 3 | 4;
export type Modality = Offering["modality"];
export type SaveAnswer = z.output<typeof SavedAnswers>;
export type SubmitAnswer = z.output<typeof SubmittedAnswers>;

// ---- Drafts: what the page edits. Numbers stay text while typed; a row becomes an answer once complete. ----

export interface PartnerDraft {
  key: string;
  actorId: string;
  type: RelationshipType;
  frequency: Frequency | "";
  strength: Rating | null;
  trust: (Rating | null)[];
  value: (Rating | null)[];
}

export interface NeedDraft {
  key: string;
  id?: string;
  category: string;
  title: string;
  quantity: string;
  unit: string;
  priority: Priority;
  description: string;
}

export interface OfferingDraft {
  key: string;
  id?: string;
  category: string;
  title: string;
  capacity: string;
  unit: string;
  modality: Modality;
  reachKm: string;
  description: string;
}

export interface Drafts {
  partners: PartnerDraft[];
  needs: NeedDraft[];
  offerings: OfferingDraft[];
}

export type Section = keyof Drafts;

/** Where each sent answer came from: the draft key of answer i of each list, to place the server's field errors. */
export type RowKeys = Record<Section, string[]>;

/** Field errors by `<section>.<rowKey>.<field>` (e.g. `partners.p-3.strength`), or `form` for the rest. */
export type FieldErrors = Record<string, string>;
