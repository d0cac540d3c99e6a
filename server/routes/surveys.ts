// A map's surveys, for its editors: create one over a roster, follow who answered, export the links for a mail
// merge, review each submission as a change list and accept all or part of it, and run it again.
import { z } from "zod";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { canEdit } from "../auth/context";
import { neutraliseFormula } from "../formats/formulas";
import { errors, MapParams } from "../schemas/api";
import { FileBody } from "../schemas/imports";
import {
  Decide,
  LinksQuery,
  RespondentList,
  RoundCreate,
  SubmissionParams,
  Submission,
  Survey,
  SurveyCreate,
  SurveyList,
  SurveyParams,
  SurveyPatch,
} from "../schemas/surveys";

/** A CSV cell: quoted when it holds a separator, a quote or a line break, and never read as a formula. */
const cell = (text: string) => {
  const safe = neutraliseFormula(text);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

const surveys: FastifyPluginAsyncZod = async (app) => {
  const tags = ["surveys"];
  const S = "/maps/:mapId/surveys/:surveyId";
  app.post(
    "/maps/:mapId/surveys",
    {
      schema: {
        tags,
        summary: "Create a survey: every actor of the roster gets a link of its own",
        params: MapParams,
        body: SurveyCreate,
        response: { 201: Survey, ...errors, 409: errors[400] },
      },
    },
    async (request, reply) => reply.code(201).send(await app.store.surveys.create(request.params.mapId, request.body)),
  );
  app.get(
    "/maps/:mapId/surveys",
    {
      schema: {
        tags,
        summary: "The map's surveys, newest first, with their response rates",
        params: MapParams,
        response: { 200: SurveyList, ...errors },
      },
    },
    async (request) => ({ items: await app.store.surveys.list(request.params.mapId) }),
  );
  app.get(
    S,
    {
      schema: {
        tags,
        summary: "A survey, its roster and its current round's rates",
        params: SurveyParams,
        response: { 200: Survey, ...errors },
      },
    },
    async (request) => app.store.surveys.get(request.params.mapId, request.params.surveyId),
  );
  app.patch(
    S,
    {
      schema: {
        tags,
        summary: "Change a survey's title, introduction or closing time, or close or reopen it",
        params: SurveyParams,
        body: SurveyPatch,
        response: { 200: Survey, ...errors },
      },
    },
    async (request) => app.store.surveys.update(request.params.mapId, request.params.surveyId, request.body),
  );
  app.delete(
    S,
    {
      schema: {
        tags,
        summary: "Delete a survey and every answer staged on it (what was accepted stays on the map)",
        params: SurveyParams,
        response: { 204: z.undefined(), ...errors },
      },
    },
    async (request, reply) => {
      await app.store.surveys.delete(request.params.mapId, request.params.surveyId);
      return reply.code(204).send();
    },
  );
  app.get(
    `${S}/respondents`,
    {
      schema: {
        tags,
        summary: "The current round's respondents and how far each got; editors also get each one's link",
        params: SurveyParams,
        response: { 200: RespondentList, ...errors },
      },
    },
    async (request) => {
      const list = await app.store.surveys.respondents(request.params.mapId, request.params.surveyId);
      const editor = request.mapAccess !== undefined && canEdit(request.mapAccess);
      return editor ? list : list.map(({ link: _link, ...rest }) => rest);
    },
  );
  app.get(
    `${S}/links.csv`,
    {
      schema: {
        tags,
        summary: "The respondents' links as CSV for a mail merge (actor_id,name,status,link)",
        params: SurveyParams,
        querystring: LinksQuery,
        response: {
          200: { description: "CSV, one respondent a row", content: { "text/csv": { schema: FileBody } } },
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const list = await app.store.surveys.respondents(request.params.mapId, request.params.surveyId);
      const wanted = request.query.status === "not_submitted" ? list.filter((r) => r.status !== "submitted") : list;
      // Whole addresses, as a mail merge sends them: on the origin the editor reached (its Host was checked against
      // the configured public origin, and the scheme is the proxy's when one is trusted).
      const origin = `${request.protocol}://${request.host}`;
      const lines = [
        "actor_id,name,status,link",
        ...wanted.map((r) => [r.actorId, r.name, r.status, new URL(r.link, origin).href].map(cell).join(",")),
      ];
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="${request.params.surveyId}-links.csv"`)
        .send(Buffer.from(`${lines.join("\r\n")}\r\n`));
    },
  );
  app.get(
    `${S}/submissions/:actorId`,
    {
      schema: {
        tags,
        summary: "A respondent's submission as a change list, with the decisions taken on it",
        params: SubmissionParams,
        response: { 200: Submission, ...errors },
      },
    },
    async (request) => {
      const { mapId, surveyId, actorId } = request.params;
      return app.store.surveyDecisions.submission(mapId, surveyId, actorId);
    },
  );
  app.post(
    `${S}/submissions/:actorId/decide`,
    {
      schema: {
        tags,
        summary: "Accept or reject changes of a submission: the accepted ones land on the map with their provenance",
        params: SubmissionParams,
        body: Decide,
        response: { 200: Submission, ...errors, 409: errors[400] },
      },
    },
    async (request) => {
      const { mapId, surveyId, actorId } = request.params;
      return app.store.surveyDecisions.decide(mapId, surveyId, actorId, request.body);
    },
  );
  app.post(
    `${S}/rounds`,
    {
      schema: {
        tags,
        summary: "Run the survey again: the same roster and questions, new links, empty answers",
        params: SurveyParams,
        body: RoundCreate.nullish(),
        response: { 201: Survey, ...errors },
      },
    },
    async (request, reply) => {
      const { mapId, surveyId } = request.params;
      return reply.code(201).send(await app.store.surveys.newRound(mapId, surveyId, request.body ?? {}));
    },
  );
};
export default surveys;
