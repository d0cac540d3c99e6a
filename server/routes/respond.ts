// A respondent's form, reached by its link alone (no account): the token in the path opens this one form and
// nothing else of the map. An unknown, revoked or earlier round's token answers 404, whatever the reason.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { ErrorResponse } from "../schemas/api";
import { Answers, RespondentForm, SavedAnswers, SubmittedAnswers, TokenParams } from "../schemas/surveys";

const respond: FastifyPluginAsyncZod = async (app) => {
  const tags = ["surveys"];
  const errors = { 400: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 503: ErrorResponse };
  app.get(
    "/respond/:token",
    {
      schema: {
        tags,
        summary: "A respondent's form: the survey, the roster's names, what the organisation has on the map, its draft",
        params: TokenParams,
        response: { 200: RespondentForm, 404: ErrorResponse, 503: ErrorResponse },
      },
    },
    async (request) => app.store.surveyResponses.form(request.params.token),
  );
  app.put(
    "/respond/:token/answers",
    {
      schema: {
        tags,
        summary: "Save the answers so far (also after submitting: the submission is replaced)",
        params: TokenParams,
        body: Answers,
        response: { 200: SavedAnswers, ...errors },
      },
    },
    async (request) => {
      const { status, at } = await app.store.surveyResponses.save(request.params.token, request.body, false);
      return { status, savedAt: at };
    },
  );
  app.post(
    "/respond/:token/submit",
    {
      schema: {
        tags,
        summary: "Submit the answers for the editors' review",
        params: TokenParams,
        body: Answers,
        response: { 200: SubmittedAnswers, ...errors },
      },
    },
    async (request) => {
      const { at } = await app.store.surveyResponses.save(request.params.token, request.body, true);
      return { status: "submitted" as const, submittedAt: at };
    },
  );
};
export default respond;
