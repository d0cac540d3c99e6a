// Surveys: an editor asks each actor on a roster, through a link of its own, for its partners, needs and offerings.
// Answers are staged on the survey, never written into the map, until an editor accepts them change by change.
// These schemas are the contract the API and the phone form share.
import { z } from "zod";
import * as d from "./domain";

const named = <T extends z.ZodType>(schema: T, id: string): T => {
  z.globalRegistry.add(schema, { id });
  return schema;
};

export const SurveyQuestions = named(
  z
    .object({
      partners: z.boolean(),
      needs: z.boolean(),
      offerings: z.boolean(),
      /** Per-partner trust and value, three items each on a 1-4 scale (the PARTNER model). */
      ratings: z.boolean(),
    })
    .strict(),
  "SurveyQuestions",
);
export const Frequency = z.enum(["weekly", "monthly", "quarterly", "yearly"]);
/** A 1-4 answer (strength, and each item of trust and value). */
const Scale = z.literal([1, 2, 3, 4]);
const ThreeItems = z.tuple([Scale, Scale, Scale]);

export const PartnerAnswer = z
  .object({
    actorId: d.Id.describe("A roster member other than the respondent"),
    type: d.RelationshipType,
    frequency: Frequency,
    strength: Scale,
    trust: ThreeItems.optional(),
    value: ThreeItems.optional(),
  })
  .strict();
export const NeedAnswer = z
  .object({
    id: d.Id.optional().describe("An existing need of the respondent: the answer corrects it"),
    category: d.CategoryPath,
    title: d.NeedInput.shape.title,
    quantity: d.NeedInput.shape.quantity,
    unit: d.Unit.optional(),
    priority: d.Priority,
    description: d.NeedPatch.shape.description,
  })
  .strict();
export const OfferingAnswer = z
  .object({
    id: d.Id.optional().describe("An existing offering of the respondent: the answer corrects it"),
    category: d.CategoryPath,
    title: d.NeedInput.shape.title,
    capacity: d.OfferingPatch.shape.capacity,
    unit: d.Unit.optional(),
    modality: d.Modality,
    reachKm: z.number().nonnegative().max(20000).optional(),
    description: d.NeedPatch.shape.description,
  })
  .strict();

/** Two answers about the same thing would stage two changes with one key: the second is refused, by its path. */
function noRepeats<T>(list: T[], keyOf: (item: T) => string | undefined, field: string, ctx: z.RefinementCtx) {
  const seen = new Set<string>();
  list.forEach((item, i) => {
    const key = keyOf(item);
    if (key === undefined) return;
    if (seen.has(key)) ctx.addIssue({ code: "custom", path: [i, field], message: "is already answered above" });
    seen.add(key);
  });
}

export const Answers = named(
  z
    .object({
      partners: z
        .array(PartnerAnswer)
        .max(200)
        .superRefine((l, ctx) => noRepeats(l, (p) => `${p.actorId}:${p.type}`, "actorId", ctx)),
      needs: z
        .array(NeedAnswer)
        .max(50)
        .superRefine((l, ctx) => noRepeats(l, (n) => n.id, "id", ctx)),
      offerings: z
        .array(OfferingAnswer)
        .max(50)
        .superRefine((l, ctx) => noRepeats(l, (o) => o.id, "id", ctx)),
    })
    .strict(),
  "SurveyAnswers",
);

export const RespondentStatus = z.enum(["not_opened", "started", "submitted"]);
export const SurveyStatus = z.enum(["open", "closed"]);

const Moment = z.iso.datetime({ offset: true }).transform((s) => new Date(s).toISOString());
const Title = d.NeedInput.shape.title;
const Intro = z.string().max(5000);

export const RespondentForm = named(
  z.object({
    survey: z.object({
      title: z.string(),
      intro: z.string(),
      closesAt: d.Timestamp,
      closed: z.boolean(),
      questions: SurveyQuestions,
      round: z.number().int(),
    }),
    respondent: z.object({
      actorId: d.Id,
      name: z.string(),
      status: RespondentStatus,
      savedAt: d.Timestamp.optional(),
      submittedAt: d.Timestamp.optional(),
    }),
    /** Roster names only, sorted by name, without the respondent and without protected actors. */
    roster: z.array(z.object({ id: d.Id, name: z.string() })),
    taxonomy: z.array(z.object({ id: d.CategoryPath, name: z.string(), defaultUnit: z.string().optional() })),
    units: z.array(z.string()),
    current: z.object({
      needs: z.array(d.Need),
      offerings: z.array(d.Offering),
      partners: z.array(z.object({ actorId: d.Id, type: d.RelationshipType })),
    }),
    answers: Answers,
  }),
  "RespondentForm",
);
export const SavedAnswers = z.object({ status: RespondentStatus, savedAt: d.Timestamp });
export const SubmittedAnswers = z.object({ status: z.literal("submitted"), submittedAt: d.Timestamp });
export const TokenParams = z.object({ token: z.string().min(1).max(200) });

export const RosterFilter = z
  .object({
    actorIds: z.array(d.Id).max(10_000).optional(),
    types: z.array(d.ActorType).max(d.ACTOR_TYPES.length).optional(),
    regions: z.array(z.string().min(1).max(100)).max(100).optional(),
    tags: z.array(z.string().min(1).max(50)).max(100).optional(),
  })
  .strict();
export const SurveyCreate = named(
  z
    .object({
      id: d.Id.optional(),
      title: Title,
      intro: Intro.default(""),
      closesAt: Moment,
      questions: SurveyQuestions,
      roster: RosterFilter,
    })
    .strict(),
  "SurveyCreate",
);
export const SurveyPatch = named(
  z.object({ title: Title, intro: Intro, closesAt: Moment, status: SurveyStatus }).partial().strict(),
  "SurveyPatch",
);

/** A new round's closing time; without one the survey's stands, which must then still be ahead. */
export const RoundCreate = named(z.object({ closesAt: Moment.optional() }).strict(), "SurveyRoundCreate");

export const SurveyRates = z.object({
  roster: z.number().int(),
  opened: z.number().int(),
  started: z.number().int(),
  submitted: z.number().int(),
  /** submitted / roster */
  responseRate: z.number(),
  /** Confirmed ties / reported ties between roster members (0 when none is reported). */
  reciprocity: z.number(),
});
const surveyFields = {
  id: d.Id,
  title: z.string(),
  intro: z.string(),
  closesAt: d.Timestamp,
  questions: SurveyQuestions,
  round: z.number().int(),
  status: SurveyStatus,
  createdAt: d.Timestamp,
  rates: SurveyRates,
};
export const SurveySummary = named(z.object(surveyFields), "SurveySummary");
export const Survey = named(
  z.object({ ...surveyFields, roster: z.array(z.object({ actorId: d.Id, name: z.string() })) }),
  "Survey",
);
export const SurveyList = z.object({ items: z.array(SurveySummary) });

export const Respondent = z.object({
  actorId: d.Id,
  name: z.string(),
  status: RespondentStatus,
  openedAt: d.Timestamp.optional(),
  savedAt: d.Timestamp.optional(),
  submittedAt: d.Timestamp.optional(),
  /** The respondent's own link; shown to editors only. */
  link: z.string().optional(),
});
export const RespondentList = z.array(Respondent);
export const LinksQuery = z.object({ status: z.enum(["not_submitted"]).optional() }).strict();

export const ChangeKind = z.enum([
  "add_tie",
  "confirm_tie",
  "add_need",
  "change_need",
  "add_offering",
  "change_offering",
]);
export const Decision = z.enum(["pending", "accepted", "rejected"]);
export const Change = z.object({
  key: z.string().describe('Stable within the submission: "tie:<partnerId>:<type>", "need:new:0", "need:<needId>"'),
  kind: ChangeKind,
  summary: z.string(),
  before: z.record(z.string(), z.unknown()).optional(),
  after: z.record(z.string(), z.unknown()),
  decision: Decision,
});
export const Submission = named(
  z.object({ actorId: d.Id, submittedAt: d.Timestamp, round: z.number().int(), changes: z.array(Change) }),
  "SurveySubmission",
);
const ChangeKeys = z.array(z.string().min(1).max(300)).max(400);
export const Decide = named(
  z.object({ accept: ChangeKeys.default([]), reject: ChangeKeys.default([]) }).strict(),
  "SurveyDecision",
);

export const SurveyParams = z.object({ mapId: d.Id, surveyId: d.Id });
export const SubmissionParams = z.object({ mapId: d.Id, surveyId: d.Id, actorId: d.Id });

export type SurveyQuestions = z.infer<typeof SurveyQuestions>;
export type PartnerAnswer = z.infer<typeof PartnerAnswer>;
export type NeedAnswer = z.infer<typeof NeedAnswer>;
export type OfferingAnswer = z.infer<typeof OfferingAnswer>;
export type Answers = z.infer<typeof Answers>;
export type RespondentStatus = z.infer<typeof RespondentStatus>;
export type RespondentForm = z.infer<typeof RespondentForm>;
export type RosterFilter = z.infer<typeof RosterFilter>;
export type SurveyCreate = z.infer<typeof SurveyCreate>;
export type SurveyPatch = z.infer<typeof SurveyPatch>;
export type RoundCreate = z.infer<typeof RoundCreate>;
export type SurveyRates = z.infer<typeof SurveyRates>;
export type SurveySummary = z.infer<typeof SurveySummary>;
export type Survey = z.infer<typeof Survey>;
export type Respondent = z.infer<typeof Respondent>;
export type ChangeKind = z.infer<typeof ChangeKind>;
export type Change = z.infer<typeof Change>;
export type Submission = z.infer<typeof Submission>;
export type Decide = z.infer<typeof Decide>;
