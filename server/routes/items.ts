// Needs and offerings have the same routes; one plugin serves both.
import { z } from "zod";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  errors,
  ItemParams,
  listOf,
  MapParams,
  Need,
  NeedInput,
  NeedPatch,
  NeedQuery,
  Offering,
  OfferingInput,
  OfferingPatch,
  OfferingQuery,
} from "../schemas/api";
import type {
  NeedInput as NeedIn,
  NeedPatch as NeedP,
  OfferingInput as OfferingIn,
  OfferingPatch as OfferingP,
} from "../schemas/domain";

const KINDS = {
  need: { path: "needs", tag: "needs", item: Need, input: NeedInput, patch: NeedPatch, query: NeedQuery },
  offering: {
    path: "offerings",
    tag: "offerings",
    item: Offering,
    input: OfferingInput,
    patch: OfferingPatch,
    query: OfferingQuery,
  },
} as const;

const items: FastifyPluginAsyncZod = async (app) => {
  for (const kind of ["need", "offering"] as const) {
    const k = KINDS[kind];
    const tags = [k.tag];
    const base = `/maps/:mapId/${k.path}`;
    app.get(
      base,
      {
        schema: {
          tags,
          summary: `List ${k.path}, filtered by actor, actor type, region, category (with its sub-categories), status or text`,
          params: MapParams,
          querystring: k.query,
          response: { 200: listOf(k.item), ...errors },
        },
      },
      async (request) => {
        const { limit, offset, ...filter } = request.query as z.infer<typeof k.query>;
        return app.store.listItems(kind, request.params.mapId, filter, { limit, offset });
      },
    );
    app.post(
      base,
      {
        schema: {
          tags,
          summary: `Create a ${kind}`,
          params: MapParams,
          body: k.input,
          response: { 201: k.item, ...errors, 409: errors[400] },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await app.store.createItem(kind, request.params.mapId, request.body as NeedIn & OfferingIn)),
    );
    app.get(
      `${base}/:id`,
      { schema: { tags, summary: `Get a ${kind}`, params: ItemParams, response: { 200: k.item, ...errors } } },
      async (request) => app.store.getItem(kind, request.params.mapId, request.params.id),
    );
    app.patch(
      `${base}/:id`,
      {
        schema: {
          tags,
          summary: `Update a ${kind} (null removes an optional field)`,
          params: ItemParams,
          body: k.patch,
          response: { 200: k.item, ...errors },
        },
      },
      async (request) =>
        app.store.updateItem(kind, request.params.mapId, request.params.id, request.body as NeedP & OfferingP),
    );
    app.delete(
      `${base}/:id`,
      {
        schema: {
          tags,
          summary: `Delete a ${kind}`,
          params: ItemParams,
          response: { 204: z.undefined(), ...errors, 409: errors[400] },
        },
      },
      async (request, reply) => {
        await app.store.deleteItem(kind, request.params.mapId, request.params.id);
        return reply.code(204).send();
      },
    );
  }
};
export default items;
