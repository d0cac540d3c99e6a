// Surveys of a map: who is asked (the roster, resolved at creation), each respondent's staged answers (one node per
// respondent and round, found by the hash of its link), and the rates of the current round. Nothing a respondent
// sends touches the map: an editor's decision on the change list does (survey-decisions.ts).
import { createHmac } from "node:crypto";
import type { ManagedTransaction } from "neo4j-driver";
import { hashSecret, newSecret } from "../auth/secrets";
import {
  ConflictError,
  InvalidLinkError,
  InvalidReferenceError,
  NotFoundError,
  type FieldIssue,
} from "../domain/errors";
import { COMMON_CURRENCIES, COUNT_UNITS, defaultUnitFor } from "../domain/units";
import { DEFAULT_REDACTED_TYPES, isProtected } from "../privacy/policy";
import type { ActorType, RelationshipType } from "../schemas/domain";
import type {
  Answers,
  Change,
  Respondent,
  RespondentForm,
  RespondentStatus,
  Survey,
  SurveyCreate,
  SurveyPatch,
  SurveyQuestions,
  SurveySummary,
} from "../schemas/surveys";
import { needFromProps, offeringFromProps } from "./records";
import { checkReferences } from "./references";
import { newId, now, rows, type Row, type StoreSession } from "./session";
import { carryDecisions, changesOf, type MapState } from "./survey-changes";

/** A survey as stored: the secret its links are derived from never leaves the store. */
export interface SurveyRecord {
  mapId: string;
  id: string;
  title: string;
  intro: string;
  closesAt: string;
  questions: SurveyQuestions;
  round: number;
  status: "open" | "closed";
  createdAt: string;
  secret: string;
  rosterIds: string[];
}

/** One respondent's staging node of one round. */
export interface ResponseRecord {
  actorId: string;
  round: number;
  status: RespondentStatus;
  openedAt?: string;
  savedAt?: string;
  submittedAt?: string;
  answers: Answers;
  changes: Change[];
}

export const EMPTY_ANSWERS: Answers = { partners: [], needs: [], offerings: [] };

/**
 * A respondent's link: an HMAC of (survey, round, actor) under the survey's secret, so an editor can export the same
 * links again for a mail merge, nobody without the secret can make one, and a new round's links are new ones.
 */
export function respondentToken(survey: Pick<SurveyRecord, "id" | "secret">, round: number, actorId: string): string {
  return `svy_${createHmac("sha256", survey.secret).update(`${survey.id}\n${round}\n${actorId}`).digest("base64url")}`;
}
export const respondentLink = (token: string) => `/?respond=${encodeURIComponent(token)}`;

export function surveyFromProps(p: Row): SurveyRecord {
  return {
    mapId: p.mapId as string,
    id: p.id as string,
    title: p.title as string,
    intro: (p.intro as string) ?? "",
    closesAt: p.closesAt as string,
    questions: JSON.parse(p.questions as string) as SurveyQuestions,
    round: Number(p.round),
    status: p.status as "open" | "closed",
    createdAt: p.createdAt as string,
    secret: p.secret as string,
    rosterIds: (p.rosterIds as string[]) ?? [],
  };
}

export function responseFromProps(p: Row): ResponseRecord {
  const optional = (k: string) => (typeof p[k] === "string" ? { [k]: p[k] as string } : {});
  return {
    actorId: p.actorId as string,
    round: Number(p.round),
    status: p.status as RespondentStatus,
    ...optional("openedAt"),
    ...optional("savedAt"),
    ...optional("submittedAt"),
    answers: typeof p.answers === "string" ? (JSON.parse(p.answers) as Answers) : EMPTY_ANSWERS,
    changes: typeof p.changes === "string" ? (JSON.parse(p.changes) as Change[]) : [],
  };
}

/** Closed by the editor, or past its closing time. */
export const isClosed = (s: SurveyRecord, at = now()) => s.status === "closed" || s.closesAt <= at;

const CLOSED = (s: SurveyRecord) => new ConflictError(`This survey closed on ${s.closesAt.slice(0, 10)}`);

export class SurveyRepository {
  constructor(private readonly session: StoreSession) {}

  // ---- Editors ----------------------------------------------------------------------------------

  list(mapId: string): Promise<SurveySummary[]> {
    return this.session.read(async (tx) => {
      await checkReferences(tx, mapId);
      const ids = (await rows(tx, "survey-list", { mapId })).map((r) => r.id as string);
      const out: SurveySummary[] = [];
      for (const id of ids) {
        const { roster: _roster, ...summary } = await surveyIn(tx, mapId, id);
        out.push(summary);
      }
      return out;
    });
  }

  get(mapId: string, id: string): Promise<Survey> {
    return this.session.read(async (tx) => {
      await checkReferences(tx, mapId);
      return surveyIn(tx, mapId, id);
    });
  }

  /** One write transaction: the roster is resolved and every respondent's staging node created with the survey. */
  async create(mapId: string, input: SurveyCreate): Promise<Survey> {
    const id = input.id ?? newId();
    await this.session.write(async (tx) => {
      const named = input.roster.actorIds ?? [];
      await checkReferences(tx, mapId, {
        actors: named.map((a, i) => ({ id: a, field: `roster.actorIds[${i}]` })),
      });
      if ((await rows(tx, "survey-lock", { mapId, id })).length)
        throw new ConflictError(`Survey '${id}' already exists in map '${mapId}'`);
      const rosterIds = (
        await rows(tx, "survey-roster", {
          mapId,
          actorIds: named,
          types: input.roster.types ?? null,
          regions: input.roster.regions ?? null,
          tags: input.roster.tags ?? null,
        })
      ).map((r) => r.id as string);
      if (rosterIds.length < 2)
        throw new InvalidReferenceError([
          { field: "roster", message: `names ${rosterIds.length} actor(s); a survey asks at least two` },
        ]);
      const t = now();
      const survey = {
        id,
        title: input.title,
        intro: input.intro,
        closesAt: input.closesAt,
        questions: JSON.stringify(input.questions),
        round: 1,
        status: "open",
        createdAt: t,
        updatedAt: t,
        secret: newSecret(),
        rosterIds,
      };
      await rows(tx, "survey-create", { mapId, survey, respondents: respondentRows(survey, 1) });
    });
    return this.get(mapId, id);
  }

  /** Under the survey's lock; reopening with a closing time already past is refused (it would stay closed). */
  async update(mapId: string, id: string, patch: SurveyPatch): Promise<Survey> {
    await this.session.write(async (tx) => {
      await checkReferences(tx, mapId);
      const survey = await lockSurvey(tx, mapId, id);
      const next = { ...survey, ...patch };
      if (patch.status === "open" && next.closesAt <= now())
        throw new InvalidReferenceError([{ field: "closesAt", message: "has passed: set a later one to reopen" }]);
      await rows(tx, "survey-update", { mapId, id, set: patch, now: now() });
    });
    return this.get(mapId, id);
  }

  async delete(mapId: string, id: string): Promise<void> {
    await this.session.write(async (tx) => {
      await checkReferences(tx, mapId);
      await lockSurvey(tx, mapId, id);
      await rows(tx, "survey-delete", { mapId, id });
    });
  }

  /** The next round, under the survey's lock: the same roster and questions, new links, empty answers. */
  async newRound(mapId: string, id: string): Promise<Survey> {
    await this.session.write(async (tx) => {
      await checkReferences(tx, mapId);
      const survey = await lockSurvey(tx, mapId, id);
      await rows(tx, "survey-round", { mapId, id, now: now(), respondents: respondentRows(survey, survey.round + 1) });
    });
    return this.get(mapId, id);
  }

  /** The current round's respondents, each with its link (the route shows links to editors only). */
  respondents(mapId: string, id: string): Promise<(Respondent & { link: string })[]> {
    return this.session.read(async (tx) => {
      await checkReferences(tx, mapId);
      const survey = await surveyRecordIn(tx, mapId, id);
      return (await rows(tx, "survey-respondents", { mapId, id })).map((r) => {
        const p = r.respondent as Row;
        const stamps = Object.fromEntries(
          ["openedAt", "savedAt", "submittedAt"].filter((k) => typeof p[k] === "string").map((k) => [k, p[k]]),
        );
        const actorId = p.actorId as string;
        return {
          actorId,
          name: p.name as string,
          status: p.status as RespondentStatus,
          ...stamps,
          link: respondentLink(respondentToken(survey, survey.round, actorId)),
        };
      });
    });
  }

  // ---- Respondents ------------------------------------------------------------------------------

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
          needs: [...ctx.state.needs],
          offerings: [...ctx.state.offerings],
          partners: ctx.state.ties.map((t) => ({ actorId: t.actorId, type: t.type })),
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

// ---- Reads shared by editors and respondents, in the caller's transaction ---------------------------

async function surveyRecordIn(tx: ManagedTransaction, mapId: string, id: string): Promise<SurveyRecord> {
  const [row] = await rows(tx, "survey-get", { mapId, id });
  if (!row) throw new NotFoundError("Survey", id);
  return surveyFromProps(row.survey as Row);
}

export async function lockSurvey(tx: ManagedTransaction, mapId: string, id: string): Promise<SurveyRecord> {
  const [row] = await rows(tx, "survey-lock", { mapId, id });
  if (!row) throw new NotFoundError("Survey", id);
  return surveyFromProps(row.survey as Row);
}

async function surveyIn(tx: ManagedTransaction, mapId: string, id: string): Promise<Survey> {
  const [row] = await rows(tx, "survey-get", { mapId, id });
  if (!row) throw new NotFoundError("Survey", id);
  const s = surveyFromProps(row.survey as Row);
  const roster = row.roster as { actorId: string; name: string }[];
  const [ties] = await rows(tx, "survey-ties", { mapId, rosterIds: s.rosterIds });
  const count = (v: unknown) => Number(v ?? 0);
  const submitted = count(row.submitted);
  const reported = count(ties?.reported);
  return {
    id: s.id,
    title: s.title,
    intro: s.intro,
    closesAt: s.closesAt,
    questions: s.questions,
    round: s.round,
    status: isClosed(s) ? "closed" : "open",
    createdAt: s.createdAt,
    roster,
    rates: {
      roster: roster.length,
      opened: count(row.opened),
      started: count(row.started),
      submitted,
      responseRate: roster.length ? submitted / roster.length : 0,
      reciprocity: reported ? count(ties?.confirmed) / reported : 0,
    },
  };
}

function respondentRows(survey: Pick<SurveyRecord, "id" | "secret" | "rosterIds">, round: number) {
  return survey.rosterIds.map((actorId) => ({
    actorId,
    tokenHash: hashSecret(respondentToken(survey, round, actorId)),
  }));
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
