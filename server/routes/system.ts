import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { Health } from "../schemas/api";

const system: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/health",
    { schema: { tags: ["system"], summary: "API and Neo4j status", response: { 200: Health, 503: Health } } },
    async (_request, reply) => {
      try {
        const neo4j = await app.store.health();
        return { status: "ok" as const, api: "up" as const, neo4j: { status: "up" as const, ...neo4j } };
      } catch (err) {
        return reply.code(503).send({
          status: "degraded",
          api: "up",
          neo4j: { status: "down", error: (err as Error).message },
        });
      }
    },
  );
};
export default system;
