// Surveys as the store keeps them: the survey node (its questions as JSON, the secret its links come from) and each
// respondent's staging node per round (answers and change list as JSON), and the links derived from the secret.
import { createHmac } from "node:crypto";
import type { ManagedTransaction } from "neo4j-driver";
import { NotFoundError } from "../domain/errors";
import type { Answers, Change, RespondentStatus, SurveyQuestions } from "../schemas/surveys";
import { now, rows, type Row } from "./session";

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

export async function lockSurvey(tx: ManagedTransaction, mapId: string, id: string): Promise<SurveyRecord> {
  const [row] = await rows(tx, "survey-lock", { mapId, id });
  if (!row) throw new NotFoundError("Survey", id);
  return surveyFromProps(row.survey as Row);
}
