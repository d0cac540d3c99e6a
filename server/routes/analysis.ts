import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { errors, MapParams } from "../schemas/api";
import {
  Centrality,
  CentralityQuery,
  Communities,
  CommunitiesQuery,
  Funding,
  FundingQuery,
  Gaps,
  GapsQuery,
  NetworkSummary,
  NetworkSummaryQuery,
  Structure,
  StructureQuery,
} from "../schemas/analysis";
import { SurveyAnalysis, SurveyAnalysisQuery } from "../schemas/survey-analysis";
import { surveyAnalysis } from "../services/survey-analysis";
import { AnalysisJob, budgeted } from "./analysis-jobs";

const analysis: FastifyPluginAsyncZod = async (app) => {
  const tags = ["analysis"];
  app.get(
    "/maps/:mapId/analysis/centrality",
    {
      schema: {
        tags,
        summary:
          "Degree, normalised degree, weighted degree, betweenness, closeness, eigenvector and PageRank per actor " +
          "(NetworkX definitions), ranked by `sort` (default: the first of `metrics`)",
        params: MapParams,
        querystring: CentralityQuery,
        response: { 200: Centrality, 202: AnalysisJob, ...errors },
      },
    },
    async (request, reply) =>
      budgeted(app, reply, request.params.mapId, "centrality", request.query, (job) =>
        app.analysis.centrality(request.params.mapId, request.query, job.signal),
      ),
  );
  app.get(
    "/maps/:mapId/analysis/communities",
    {
      schema: {
        tags,
        summary:
          "Louvain communities with their modularity (directed modularity when `directed`); deterministic for a given seed",
        params: MapParams,
        querystring: CommunitiesQuery,
        response: { 200: Communities, ...errors },
      },
    },
    async (request) => app.analysis.communities(request.params.mapId, request.query),
  );
  app.get(
    "/maps/:mapId/analysis/structure",
    {
      schema: {
        tags,
        summary:
          "Components, single points of failure (articulation points, bridges), brokers and isolated actors; " +
          "undirected only (`directed=true` is refused)",
        params: MapParams,
        querystring: StructureQuery,
        response: { 200: Structure, 202: AnalysisJob, ...errors },
      },
    },
    async (request, reply) =>
      budgeted(app, reply, request.params.mapId, "structure", request.query, (job) =>
        app.analysis.structure(request.params.mapId, request.query, job.signal),
      ),
  );
  app.get(
    "/maps/:mapId/analysis/gaps",
    {
      schema: {
        tags,
        summary: "Under-served actors with reasons, unmet needs, supply and demand by category and region",
        params: MapParams,
        querystring: GapsQuery,
        response: { 200: Gaps, 202: AnalysisJob, ...errors },
      },
    },
    async (request, reply) =>
      budgeted(app, reply, request.params.mapId, "gaps", request.query, (job) =>
        app.analysis.gaps(request.params.mapId, request.query, job.signal),
      ),
  );
  app.get(
    "/maps/:mapId/analysis/funding",
    {
      schema: {
        tags,
        summary:
          "Who funds whom with amounts, totals per funder, co-funded actors, under-served actors no funder reaches",
        params: MapParams,
        querystring: FundingQuery,
        response: { 200: Funding, ...errors },
      },
    },
    async (request) => app.analysis.funding(request.params.mapId, request.query),
  );
  app.get(
    "/maps/:mapId/analysis/summary",
    {
      schema: {
        tags,
        summary:
          "Network summary: density, components, average clustering, diameter and average path length (sampled on " +
          "large maps), reciprocity of directed ties, modularity of the Louvain partition",
        params: MapParams,
        querystring: NetworkSummaryQuery,
        response: { 200: NetworkSummary, 202: AnalysisJob, ...errors },
      },
    },
    async (request, reply) =>
      budgeted(app, reply, request.params.mapId, "summary", request.query, (job) =>
        app.analysis.summary(request.params.mapId, request.query, job.signal),
      ),
  );
  app.get(
    "/maps/:mapId/analysis/survey",
    {
      schema: {
        tags,
        summary:
          "Survey data: confirmed (both ends reported) and unconfirmed ties, reciprocity, each survey's response " +
          "rate and non-respondents (missing data, not missing ties), PARTNER trust and value per actor and overall",
        params: MapParams,
        querystring: SurveyAnalysisQuery,
        response: { 200: SurveyAnalysis, ...errors },
      },
    },
    async (request) => surveyAnalysis(app.store, app.analysis.cache, request.params.mapId, request.query.ties),
  );
};
export default analysis;
