// A respondent's side of a survey, reached by its link alone: the form (what it shows of the map: roster names, the
// respondent's own items and ties, never protected actors) and the saves and submissions staged on the respondent's
// own node. Nothing here writes to the map.
import type { ManagedTransaction } from "neo4j-driver";
import { hashSecret } from "../auth/secrets";
import { ConflictError, InvalidLinkError, InvalidReferenceError, type FieldIssue } from "../domain/errors";
import { COMMON_CURRENCIES, COUNT_UNITS, defaultUnitFor } from "../domain/units";
import { UNDIRECTED_TYPES } from "../domain/vocabulary";
import { DEFAULT_REDACTED_TYPES, isProtected } from "../privacy/policy";
import type { ActorType, RelationshipType } from "../schemas/domain";
import type { Answers, RespondentForm, RespondentStatus, SurveyQuestions } from "../schemas/surveys";
import { needFromProps, offeringFromProps } from "./records";
import { now, rows, type Row, type StoreSession } from "./session";
import { carryDecisions, changesOf, type MapState } from "./survey-changes";
import { isClosed, responseFromProps, surveyFromProps, type ResponseRecord, type SurveyRecord } from "./survey-records";

const CLOSED = (s: SurveyRecord) => new ConflictError(`This survey closed on ${s.closesAt.slice(0, 10)}`);

export class SurveyResponses {
  constructor(private readonly session: StoreSession) {}

  /** One write transaction: the first opening is stamped as the form is read. */
  form(token: string): Promise<RespondentForm> {
    return this.session.write(async (tx) => {
      const found = await byToken(tx, token);
      const { survey, response, name } = found;
      if (!response.openedAt) {
        await rows(tx, "survey-response-write", { ...keyOf(found), set: { openedAt: now() } });
      }
      const ctx = await formContext(tx, survey, response.actorId);
      return {
        survey: {
          title: survey.title,
          intro: survey.intro,
          closesAt: survey.closesAt,
          closed: isClosed(survey),
          questions: survey.questions,
          round: survey.round,
        },
        respondent: {
          actorId: response.actorId,
          name,
          status: response.status,
          ...(response.savedAt ? { savedAt: response.savedAt } : {}),
          ...(response.submittedAt ? { submittedAt: response.submittedAt } : {}),
        },
        roster: [...ctx.state.names].map(([id, n]) => ({ id, name: n })),
        taxonomy: ctx.taxonomy,
        units: [...COUNT_UNITS, ...COMMON_CURRENCIES],
        current: {
          // Who accepted what is the editors' business, not the respondent's.
          needs: ctx.state.needs.map(({ provenance: _p, ...n }) => n),
          offerings: ctx.state.offerings.map(({ provenance: _p, ...o }) => o),
          // The form reads a tie from the respondent to its partner ("we fund them"): a tie pointing the other way
          // ("they fund us") is the partner's to report, so only the respondent's own and undirected ties show.
          partners: ctx.state.ties
            .filter((t) => t.from === response.actorId || UNDIRECTED_TYPES.has(t.type))
            .map((t) => ({ actorId: t.actorId, type: t.type })),
        },
        answers: response.answers,
      };
    });
  }

  /**
   * Saves (or submits) a respondent's answers: one write transaction under the lock of its own staging node, so the
   * answers, the status and a submission's change list are written together, once, and a refused write (a closed
   * survey, an answer naming what the form does not offer) leaves the saved answers as they were.
   */
  save(token: string, answers: Answers, submit: boolean): Promise<{ status: RespondentStatus; at: string }> {
    return this.session.write(async (tx) => {
      const found = await byToken(tx, token);
      const [locked] = await rows(tx, "survey-response-lock", keyOf(found));
      if (!locked) throw new InvalidLinkError();
      const survey = surveyFromProps(locked.survey as Row);
      const response = responseFromProps(locked.response as Row);
      if (isClosed(survey)) throw CLOSED(survey);
      const ctx = await formContext(tx, survey, response.actorId);
      checkAnswers(answers, survey.questions, ctx);
      const at = now();
      const status: RespondentStatus = submit || response.status === "submitted" ? "submitted" : "started";
      const set: Row = { answers: JSON.stringify(answers), status, savedAt: at };
      if (status === "submitted") {
        set.submittedAt = at;
        set.changes = JSON.stringify(carryDecisions(changesOf(answers, ctx.state), response.changes));
      }
      await rows(tx, "survey-response-write", { ...keyOf(found), set });
      return { status, at };
    });
  }
}

interface Found {
  survey: SurveyRecord;
  response: ResponseRecord;
  name: string;
}

async function byToken(tx: ManagedTransaction, token: string): Promise<Found> {
  if (!token.startsWith("svy_")) throw new InvalidLinkError();
  const [row] = await rows(tx, "survey-response-token", { tokenHash: hashSecret(token) });
  if (!row) throw new InvalidLinkError();
  return {
    survey: surveyFromProps(row.survey as Row),
    response: responseFromProps(row.response as Row),
    name: row.name as string,
  };
}

const keyOf = ({ survey, response }: Found) => ({
  mapId: survey.mapId,
  surveyId: survey.id,
  round: response.round,
  actorId: response.actorId,
});

interface FormContext {
  /** The roster a respondent may name (protected actors left out), with the respondent's needs, offerings, ties. */
  state: MapState;
  taxonomy: { id: string; name: string; defaultUnit?: string }[];
}

/** What the respondent's form shows of the map, read in the caller's transaction. */
export async function formContext(tx: ManagedTransaction, survey: SurveyRecord, actorId: string): Promise<FormContext> {
  const [row] = await rows(tx, "survey-form", { mapId: survey.mapId, rosterIds: survey.rosterIds, actorId });
  if (!row) throw new InvalidLinkError();
  const redactedTypes = (row.redactedTypes as ActorType[] | null) ?? DEFAULT_REDACTED_TYPES;
  const roster = (row.roster as Row[])
    .filter((a) => !isProtected({ type: a.type as ActorType, sensitive: a.sensitive === true }, redactedTypes))
    .sort((a, b) => String(a.name).localeCompare(String(b.name)) || String(a.id).localeCompare(String(b.id)));
  const names = new Map(roster.map((a) => [a.id as string, a.name as string]));
  const categories = (row.categories as Row[]).sort((a, b) => String(a.id).localeCompare(String(b.id)));
  const units = new Map(categories.map((c) => [c.id as string, (c.unit as string | null) ?? undefined]));
  const ties = (row.partners as Row[])
    .filter((t) => names.has(t.actorId as string))
    .map((t) => ({
      id: t.id as string,
      actorId: t.actorId as string,
      type: (t.neo4jType as string).toLowerCase() as RelationshipType,
      from: t.from as string,
      to: t.to as string,
      reportedBy: (t.reportedBy as string[] | null) ?? [],
    }));
  return {
    state: {
      respondentId: actorId,
      names,
      ties,
      needs: (row.needs as Row[]).map(needFromProps).sort((a, b) => a.title.localeCompare(b.title)),
      offerings: (row.offerings as Row[]).map(offeringFromProps).sort((a, b) => a.title.localeCompare(b.title)),
    },
    taxonomy: categories.map((c) => {
      const defaultUnit = defaultUnitFor(c.id as string, units);
      return { id: c.id as string, name: c.name as string, ...(defaultUnit ? { defaultUnit } : {}) };
    }),
  };
}

/** Answers may name only what the form offers: roster members, the respondent's own items, the map's categories. */
function checkAnswers(answers: Answers, questions: SurveyQuestions, ctx: FormContext): void {
  const issues: FieldIssue[] = [];
  const categories = new Set(ctx.taxonomy.map((c) => c.id));
  const notAsked = (list: unknown[], field: string, asked: boolean) => {
    if (!asked && list.length) issues.push({ field, message: "this survey does not ask for these" });
  };
  notAsked(answers.partners, "partners", questions.partners);
  notAsked(answers.needs, "needs", questions.needs);
  notAsked(answers.offerings, "offerings", questions.offerings);
  answers.partners.forEach((p, i) => {
    if (!ctx.state.names.has(p.actorId))
      issues.push({ field: `partners[${i}].actorId`, message: `is not on this survey's roster` });
    for (const f of ["trust", "value"] as const)
      if (p[f] && !questions.ratings)
        issues.push({ field: `partners[${i}].${f}`, message: "this survey does not ask for ratings" });
  });
  const items = (list: { id?: string; category: string }[], own: readonly { id: string }[], field: string) =>
    list.forEach((x, i) => {
      if (x.id && !own.some((o) => o.id === x.id))
        issues.push({ field: `${field}[${i}].id`, message: `is not one of this organisation's ${field}` });
      if (!categories.has(x.category))
        issues.push({ field: `${field}[${i}].category`, message: `unknown category '${x.category}'` });
    });
  items(answers.needs, ctx.state.needs, "needs");
  items(answers.offerings, ctx.state.offerings, "offerings");
  if (issues.length) throw new InvalidReferenceError(issues);
}
