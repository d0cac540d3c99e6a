// A map's surveys over HTTP, for its members: editors create, close, reopen, run again and decide; viewers read.
import { request } from "../api";
import { seg } from "../api/utils";
import type {
  Decide,
  Respondent,
  RoundCreate,
  Submission,
  Survey,
  SurveyCreate,
  SurveyPatch,
  SurveySummary,
} from "./types";

export * from "./types";
export * from "./utils";

const s = (mapId: string) => `/api/maps/${seg(mapId)}/surveys`;
const one = (mapId: string, surveyId: string) => `${s(mapId)}/${seg(surveyId)}`;

export const surveysApi = {
  list: (mapId: string) => request<{ items: SurveySummary[] }>("GET", s(mapId)),
  get: (mapId: string, surveyId: string) => request<Survey>("GET", one(mapId, surveyId)),
  create: (mapId: string, input: SurveyCreate) => request<Survey>("POST", s(mapId), input),
  update: (mapId: string, surveyId: string, patch: SurveyPatch) =>
    request<Survey>("PATCH", one(mapId, surveyId), patch),
  remove: (mapId: string, surveyId: string) => request<void>("DELETE", one(mapId, surveyId)),
  newRound: (mapId: string, surveyId: string, body: RoundCreate = {}) =>
    request<Survey>("POST", `${one(mapId, surveyId)}/rounds`, body),
  respondents: (mapId: string, surveyId: string) => request<Respondent[]>("GET", `${one(mapId, surveyId)}/respondents`),
  submission: (mapId: string, surveyId: string, actorId: string) =>
    request<Submission>("GET", `${one(mapId, surveyId)}/submissions/${seg(actorId)}`),
  decide: (mapId: string, surveyId: string, actorId: string, body: Decide) =>
    request<Submission>("POST", `${one(mapId, surveyId)}/submissions/${seg(actorId)}/decide`, body),
};
