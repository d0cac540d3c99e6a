import { z } from "zod";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  ErrorResponse,
  errors,
  GraphView,
  listOf,
  Map,
  MapCreate,
  MapDuplicate,
  MapParams,
  MapPatch,
  PageQuery,
} from "../schemas/api";

const maps: FastifyPluginAsyncZod = async (app) => {
  const tags = ["maps"];
  app.get(
    "/maps",
    { schema: { tags, summary: "List maps", querystring: PageQuery, response: { 200: listOf(Map), ...errors } } },
    async (request) => app.store.listMaps(request.query),
  );
  app.post(
    "/maps",
    {
      schema: {
        tags,
        summary: "Create a map (with the default taxonomy)",
        body: MapCreate,
        response: { 201: Map, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await app.store.createMap(request.body)),
  );
  app.post(
    "/maps/:mapId/duplicate",
    {
      schema: {
        tags,
        summary: "Copy a map, with its taxonomy, actors, ties, needs, offerings and commitments, into a new map",
        description:
          "409 when a map with the new id exists. The copy is written in one transaction: all of it or none.",
        params: MapParams,
        body: MapDuplicate,
        response: { 201: Map, ...errors, 409: ErrorResponse },
      },
    },
    async (request, reply) => {
      const source = await app.store.getMap(request.params.mapId);
      const { id, name, description } = request.body;
      const copy = await app.store.duplicateMap(source.id, {
        id,
        name,
        description: description ?? source.description,
      });
      return reply.code(201).send(copy);
    },
  );
  app.get(
    "/maps/:mapId",
    { schema: { tags, summary: "Get a map with its counts", params: MapParams, response: { 200: Map, ...errors } } },
    async (request) => app.store.getMap(request.params.mapId),
  );
  app.patch(
    "/maps/:mapId",
    {
      schema: {
        tags,
        summary: "Rename or describe a map",
        params: MapParams,
        body: MapPatch,
        response: { 200: Map, ...errors },
      },
    },
    async (request) => app.store.updateMap(request.params.mapId, request.body),
  );
  app.delete(
    "/maps/:mapId",
    {
      schema: {
        tags,
        summary: "Delete a map and everything in it",
        params: MapParams,
        response: { 204: z.undefined(), ...errors },
      },
    },
    async (request, reply) => {
      await app.store.deleteMap(request.params.mapId);
      return reply.code(204).send();
    },
  );
  app.get(
    "/maps/:mapId/graph",
    {
      schema: {
        tags,
        summary: "The whole map in one response: actors, relationships, needs, offerings, categories",
        params: MapParams,
        response: { 200: GraphView, ...errors },
      },
    },
    async (request) => app.store.graph(request.params.mapId),
  );
};
export default maps;
