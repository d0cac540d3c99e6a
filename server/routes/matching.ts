import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { errors, MapParams } from "../schemas/api";
import {
  AllocationPlan,
  AllocationRequest,
  Bridges,
  BridgesQuery,
  MatchesQuery,
  NeedMatches,
  NeedParams,
  OfferingMatches,
  OfferingParams,
} from "../schemas/matching";
import { AnalysisJob, budgeted } from "./analysis-jobs";

const matching: FastifyPluginAsyncZod = async (app) => {
  const tags = ["matching"];
  app.get(
    "/maps/:mapId/needs/:needId/matches",
    {
      schema: {
        tags,
        summary:
          "The best available offerings for a need, ranked, each with its score breakdown, explanation and introduction path",
        params: NeedParams,
        querystring: MatchesQuery,
        response: { 200: NeedMatches, ...errors },
      },
    },
    async (request) => app.matching.needMatches(request.params.mapId, request.params.needId, request.query),
  );
  app.get(
    "/maps/:mapId/offerings/:offeringId/matches",
    {
      schema: {
        tags,
        summary: "The open needs an offering fits best, ranked, with the same breakdown",
        params: OfferingParams,
        querystring: MatchesQuery,
        response: { 200: OfferingMatches, ...errors },
      },
    },
    async (request) => app.matching.offeringMatches(request.params.mapId, request.params.offeringId, request.query),
  );
  app.get(
    "/maps/:mapId/analysis/bridges",
    {
      schema: {
        tags,
        summary: "Introductions across weakly tied communities where one actor's offering meets the other's need",
        params: MapParams,
        querystring: BridgesQuery,
        response: { 200: Bridges, 202: AnalysisJob, ...errors },
      },
    },
    async (request, reply) =>
      budgeted(app, reply, request.params.mapId, "bridges", request.query, (job) =>
        app.matching.bridges(request.params.mapId, request.query, job),
      ),
  );
  app.post(
    "/maps/:mapId/analysis/allocation",
    {
      schema: {
        tags,
        summary:
          "Assigns offerings to needs within capacities, maximising the equity-weighted match score (linear programme)",
        params: MapParams,
        body: AllocationRequest,
        response: { 200: AllocationPlan, 202: AnalysisJob, ...errors },
      },
    },
    async (request, reply) =>
      budgeted(app, reply, request.params.mapId, "allocation", request.body, (job) =>
        app.matching.allocation(request.params.mapId, request.body, job),
      ),
  );
};
export default matching;
