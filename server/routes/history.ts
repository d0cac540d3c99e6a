// A map's audit trail: every write's who, when and what, newest first (server/store/audit.ts records it).
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { errors, MapParams } from "../schemas/api";
import { HistoryPage, HistoryQuery } from "../schemas/history";

const history: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/maps/:mapId/history",
    {
      schema: {
        tags: ["maps"],
        summary: "The map's history: who changed what and when, newest first, filtered by entity, actor, user or time",
        params: MapParams,
        querystring: HistoryQuery,
        response: { 200: HistoryPage, ...errors },
      },
    },
    async (request) => {
      const { limit, offset, ...filter } = request.query;
      return app.store.history(request.params.mapId, filter, { limit, offset });
    },
  );
};
export default history;
