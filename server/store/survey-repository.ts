// Surveys of a map, for its editors: who is asked (the roster, resolved at creation), the respondents of the current
// round with their links, the round's rates, and new rounds. What respondents send is staged by survey-responses.ts;
// nothing reaches the map until an editor's decision on the change list (survey-decisions.ts).
import type { ManagedTransaction } from "neo4j-driver";
import { hashSecret, newSecret } from "../auth/secrets";
import { ConflictError, InvalidReferenceError, NotFoundError } from "../domain/errors";
import type {
  Respondent,
  RespondentStatus,
  RoundCreate,
  Survey,
  SurveyCreate,
  SurveyPatch,
  SurveySummary,
} from "../schemas/surveys";
import { checkReferences } from "./references";
import { newId, now, rows, type Row, type StoreSession } from "./session";
import {
  isClosed,
  lockSurvey,
  respondentLink,
  respondentToken,
  surveyFromProps,
  type SurveyRecord,
} from "./survey-records";

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
      if (!rosterIds.length) throw new InvalidReferenceError([{ field: "roster", message: "names no actor" }]);
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

  /**
   * The next round, under the survey's lock: the same roster and questions, new links, empty answers, open until
   * `closesAt` (the survey's own when not given); a closing time already past is refused, as it would open nothing.
   */
  async newRound(mapId: string, id: string, input: RoundCreate = {}): Promise<Survey> {
    await this.session.write(async (tx) => {
      await checkReferences(tx, mapId);
      const survey = await lockSurvey(tx, mapId, id);
      const closesAt = input.closesAt ?? survey.closesAt;
      if (closesAt <= now())
        throw new InvalidReferenceError([
          { field: "closesAt", message: `${closesAt} has passed: give the new round a later closing time` },
        ]);
      await rows(tx, "survey-round", {
        mapId,
        id,
        closesAt,
        now: now(),
        respondents: respondentRows(survey, survey.round + 1),
      });
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
}

async function surveyRecordIn(tx: ManagedTransaction, mapId: string, id: string): Promise<SurveyRecord> {
  const [row] = await rows(tx, "survey-get", { mapId, id });
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
