// The respondent's side of a survey as the client sees it: the form GET /api/respond/:token answers, the answers it
// saves and submits, and the drafts the page edits. Mirrors the surveys contract until server/schemas/surveys.ts
// lands; then these become `z.output<typeof …>` of its schemas, like core/api/types.ts.
import type { Need, Offering, Priority, RelationshipType } from "../../../../server/schemas/domain";

export type Frequency = "weekly" | "monthly" | "quarterly" | "yearly";
export type Rating = 1 | 2 | 3 | 4;
export type Modality = Offering["modality"];
export type RespondentStatus = "not_opened" | "started" | "submitted";

export interface SurveyQuestions {
  partners: boolean;
  needs: boolean;
  offerings: boolean;
  ratings: boolean;
}

export interface PartnerAnswer {
  actorId: string;
  type: RelationshipType;
  frequency: Frequency;
  strength: Rating;
  trust?: [Rating, Rating, Rating];
  value?: [Rating, Rating, Rating];
}

export interface NeedAnswer {
  id?: string;
  category: string;
  title: string;
  quantity: number;
  unit?: string;
  priority: Priority;
  description?: string;
}

export interface OfferingAnswer {
  id?: string;
  category: string;
  title: string;
  capacity: number;
  unit?: string;
  modality: Modality;
  reachKm?: number;
  description?: string;
}

export interface Answers {
  partners: PartnerAnswer[];
  needs: NeedAnswer[];
  offerings: OfferingAnswer[];
}

export interface RespondentForm {
  survey: {
    title: string;
    intro: string;
    closesAt: string;
    closed: boolean;
    questions: SurveyQuestions;
    round: number;
  };
  respondent: {
    actorId: string;
    name: string;
    status: RespondentStatus;
    savedAt?: string;
    submittedAt?: string;
  };
  roster: { id: string; name: string }[];
  taxonomy: { id: string; name: string; defaultUnit?: string }[];
  units: string[];
  current: { needs: Need[]; offerings: Offering[]; partners: { actorId: string; type: RelationshipType }[] };
  answers: Answers;
}

export interface SaveAnswer {
  status: RespondentStatus;
  savedAt: string;
}

export interface SubmitAnswer {
  status: "submitted";
  submittedAt: string;
}

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
