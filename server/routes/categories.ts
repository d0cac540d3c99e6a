import { z } from "zod";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { Category, CategoryInput, CategoryParams, CategoryPatch, errors, MapParams } from "../schemas/api";

// A category id is a path (technology/devices): clients encode its slash as %2F in the URL.
const categories: FastifyPluginAsyncZod = async (app) => {
  const tags = ["categories"];
  const conflict = { 409: errors[400] };
  app.get(
    "/maps/:mapId/categories",
    {
      schema: {
        tags,
        summary: "The map's taxonomy",
        params: MapParams,
        response: { 200: z.array(Category), ...errors },
      },
    },
    async (request) => app.store.listCategories(request.params.mapId),
  );
  app.post(
    "/maps/:mapId/categories",
    {
      schema: {
        tags,
        summary: "Extend the taxonomy",
        params: MapParams,
        body: CategoryInput,
        response: { 201: Category, ...errors, ...conflict },
      },
    },
    async (request, reply) => reply.code(201).send(await app.store.createCategory(request.params.mapId, request.body)),
  );
  app.get(
    "/maps/:mapId/categories/:categoryId",
    { schema: { tags, summary: "Get a category", params: CategoryParams, response: { 200: Category, ...errors } } },
    async (request) => app.store.getCategory(request.params.mapId, request.params.categoryId),
  );
  app.patch(
    "/maps/:mapId/categories/:categoryId",
    {
      schema: {
        tags,
        summary: "Rename a category",
        params: CategoryParams,
        body: CategoryPatch,
        response: { 200: Category, ...errors },
      },
    },
    async (request) => app.store.updateCategory(request.params.mapId, request.params.categoryId, request.body),
  );
  app.delete(
    "/maps/:mapId/categories/:categoryId",
    {
      schema: {
        tags,
        summary: "Delete a category no need, offering or sub-category uses",
        params: CategoryParams,
        response: { 204: z.undefined(), ...errors, ...conflict },
      },
    },
    async (request, reply) => {
      await app.store.deleteCategory(request.params.mapId, request.params.categoryId);
      return reply.code(204).send();
    },
  );
};
export default categories;
