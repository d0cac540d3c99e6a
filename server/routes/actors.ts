import { z } from "zod";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { Actor, ActorInput, ActorPatch, ActorQuery, errors, ItemParams, listOf, MapParams } from "../schemas/api";

const actors: FastifyPluginAsyncZod = async (app) => {
  const tags = ["actors"];
  const conflict = { 409: errors[400] };
  app.get(
    "/maps/:mapId/actors",
    {
      schema: {
        tags,
        summary: "List actors, filtered by type, region, tag, category (of their needs or offerings) or text",
        params: MapParams,
        querystring: ActorQuery,
        response: { 200: listOf(Actor), ...errors },
      },
    },
    async (request) => {
      const { limit, offset, ...filter } = request.query;
      return app.store.listActors(request.params.mapId, filter, { limit, offset });
    },
  );
  app.post(
    "/maps/:mapId/actors",
    {
      schema: {
        tags,
        summary: "Create an actor",
        params: MapParams,
        body: ActorInput,
        response: { 201: Actor, ...errors, ...conflict },
      },
    },
    async (request, reply) => reply.code(201).send(await app.store.createActor(request.params.mapId, request.body)),
  );
  app.get(
    "/maps/:mapId/actors/:id",
    { schema: { tags, summary: "Get an actor", params: ItemParams, response: { 200: Actor, ...errors } } },
    async (request) => app.store.getActor(request.params.mapId, request.params.id),
  );
  app.patch(
    "/maps/:mapId/actors/:id",
    {
      schema: {
        tags,
        summary: "Update an actor (null removes an optional field)",
        params: ItemParams,
        body: ActorPatch,
        response: { 200: Actor, ...errors },
      },
    },
    async (request) => app.store.updateActor(request.params.mapId, request.params.id, request.body),
  );
  app.delete(
    "/maps/:mapId/actors/:id",
    {
      schema: {
        tags,
        summary: "Delete an actor with its needs, offerings and relationships",
        description:
          "409 while an import into the map is in progress: it may have written items that hang on the actor.",
        params: ItemParams,
        response: { 204: z.undefined(), ...errors, ...conflict },
      },
    },
    async (request, reply) => {
      await app.store.deleteActor(request.params.mapId, request.params.id);
      return reply.code(204).send();
    },
  );
};
export default actors;
