// Builds the Ecosystem Atlas application as a plugin tree; server.ts only listens and closes.
import Fastify, { type FastifyServerOptions } from "fastify";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import analysisPlugin from "./plugins/analysis";
import client from "./plugins/client";
import errors from "./plugins/errors";
import neo4jPlugin, { type Neo4jOptions } from "./plugins/neo4j";
import openapi from "./plugins/openapi";
import actors from "./routes/actors";
import analysis from "./routes/analysis";
import categories from "./routes/categories";
import commitments from "./routes/commitments";
import imports from "./routes/imports";
import items from "./routes/items";
import maps from "./routes/maps";
import matching from "./routes/matching";
import relationships from "./routes/relationships";
import system from "./routes/system";

export interface AppOptions {
  neo4j: Neo4jOptions;
  logger?: FastifyServerOptions["logger"];
}

export async function buildApp(options: AppOptions) {
  const app = Fastify({ logger: options.logger ?? false }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(errors);
  await app.register(neo4jPlugin, options.neo4j);
  await app.register(analysisPlugin);
  await app.register(openapi);
  await app.register(
    async (api) => {
      await api.register(system);
      await api.register(maps);
      await api.register(imports);
      await api.register(categories);
      await api.register(actors);
      await api.register(items);
      await api.register(relationships);
      await api.register(commitments);
      await api.register(analysis);
      await api.register(matching);
    },
    { prefix: "/api" },
  );
  await app.register(client);
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
