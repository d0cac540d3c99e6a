import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  Commitment,
  CommitmentInput,
  CommitmentPatch,
  CommitmentQuery,
  errors,
  ItemParams,
  listOf,
  MapParams,
} from "../schemas/api";

const commitments: FastifyPluginAsyncZod = async (app) => {
  const tags = ["commitments"];
  const conflict = { 409: errors[400] };
  app.get(
    "/maps/:mapId/commitments",
    {
      schema: {
        tags,
        summary: "List commitments, filtered by status, offering, need or an actor on either side",
        params: MapParams,
        querystring: CommitmentQuery,
        response: { 200: listOf(Commitment), ...errors },
      },
    },
    async (request) => {
      const { limit, offset, ...filter } = request.query;
      return app.store.listCommitments(request.params.mapId, filter, { limit, offset });
    },
  );
  app.post(
    "/maps/:mapId/commitments",
    {
      schema: {
        tags,
        summary: "Commit part of an offering to a need; reserves capacity at once (409 when it would exceed it)",
        params: MapParams,
        body: CommitmentInput,
        response: { 201: Commitment, ...errors, ...conflict },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await app.store.createCommitment(request.params.mapId, request.body)),
  );
  app.get(
    "/maps/:mapId/commitments/:id",
    {
      schema: {
        tags,
        summary: "Get a commitment with its history",
        params: ItemParams,
        response: { 200: Commitment, ...errors },
      },
    },
    async (request) => app.store.getCommitment(request.params.mapId, request.params.id),
  );
  app.patch(
    "/maps/:mapId/commitments/:id",
    {
      schema: {
        tags,
        summary: "Move a commitment along proposed → contacted → accepted → delivered, or decline / cancel it",
        params: ItemParams,
        body: CommitmentPatch,
        response: { 200: Commitment, ...errors, ...conflict },
      },
    },
    async (request) => app.store.updateCommitment(request.params.mapId, request.params.id, request.body),
  );
};
export default commitments;
