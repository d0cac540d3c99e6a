import { z } from "zod";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  errors,
  ItemParams,
  listOf,
  MapParams,
  Relationship,
  RelationshipInput,
  RelationshipPatch,
  RelationshipQuery,
} from "../schemas/api";

const relationships: FastifyPluginAsyncZod = async (app) => {
  const tags = ["relationships"];
  app.get(
    "/maps/:mapId/relationships",
    {
      schema: {
        tags,
        summary: "List relationships, filtered by type or by an actor at either end",
        params: MapParams,
        querystring: RelationshipQuery,
        response: { 200: listOf(Relationship), ...errors },
      },
    },
    async (request) => {
      const { limit, offset, ...filter } = request.query;
      return app.store.listRelationships(request.params.mapId, filter, { limit, offset });
    },
  );
  app.post(
    "/maps/:mapId/relationships",
    {
      schema: {
        tags,
        summary: "Tie two actors",
        params: MapParams,
        body: RelationshipInput,
        response: { 201: Relationship, ...errors, 409: errors[400] },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await app.store.createRelationship(request.params.mapId, request.body)),
  );
  app.get(
    "/maps/:mapId/relationships/:id",
    { schema: { tags, summary: "Get a relationship", params: ItemParams, response: { 200: Relationship, ...errors } } },
    async (request) => app.store.getRelationship(request.params.mapId, request.params.id),
  );
  app.patch(
    "/maps/:mapId/relationships/:id",
    {
      schema: {
        tags,
        summary: "Change a relationship's weight, amount or dates",
        params: ItemParams,
        body: RelationshipPatch,
        response: { 200: Relationship, ...errors },
      },
    },
    async (request) => app.store.updateRelationship(request.params.mapId, request.params.id, request.body),
  );
  app.delete(
    "/maps/:mapId/relationships/:id",
    {
      schema: {
        tags,
        summary: "Delete a relationship",
        params: ItemParams,
        response: { 204: z.undefined(), ...errors, 409: errors[400] },
      },
    },
    async (request, reply) => {
      await app.store.deleteRelationship(request.params.mapId, request.params.id);
      return reply.code(204).send();
    },
  );
};
export default relationships;
