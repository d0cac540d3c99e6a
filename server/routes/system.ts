import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { Health } from "../schemas/api";

const system: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/health",
    { schema: { tags: ["system"], summary: "API and Neo4j status", response: { 200: Health, 503: Health } } },
    async (request, reply) => {
      try {
        await app.store.health();
        return { status: "ok" as const, api: "up" as const, neo4j: { status: "up" as const } };
      } catch (err) {
        // Anyone may ask; the reason (and the database's address in it) is for the operator's log.
        request.log.warn({ err }, "health: neo4j unavailable");
        return reply.code(503).send({ status: "degraded", api: "up", neo4j: { status: "down" } });
      }
    },
  );
};
export default system;
