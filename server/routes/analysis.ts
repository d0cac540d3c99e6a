import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { errors, MapParams } from "../schemas/api";
import { Centrality, CentralityQuery, Communities, CommunitiesQuery } from "../schemas/analysis";

const analysis: FastifyPluginAsyncZod = async (app) => {
  const tags = ["analysis"];
  app.get(
    "/maps/:mapId/analysis/centrality",
    {
      schema: {
        tags,
        summary: "Degree, weighted degree, betweenness, closeness, eigenvector and PageRank per actor (NetworkX definitions)",
        params: MapParams,
        querystring: CentralityQuery,
        response: { 200: Centrality, ...errors },
      },
    },
    async (request) => app.analysis.centrality(request.params.mapId, request.query),
  );
  app.get(
    "/maps/:mapId/analysis/communities",
    {
      schema: {
        tags,
        summary: "Louvain communities with their modularity; deterministic for a given seed",
        params: MapParams,
        querystring: CommunitiesQuery,
        response: { 200: Communities, ...errors },
      },
    },
    async (request) => app.analysis.communities(request.params.mapId, request.query),
  );
};
export default analysis;
