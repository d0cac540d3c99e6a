import { z } from "zod";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { actsAsAdmin, reachOf } from "../auth/access";
import type { MapAccess } from "../auth/context";
import type { AtlasMap } from "../schemas/domain";
import { SharedReads } from "../services/shared-reads";
import { graphBody, graphHead } from "../services/streamed-reads";
import { GRAPH_PARTS } from "../store/graph-stream";
import { versioned, versionOf } from "../store/preconditions";
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
  const graphReads = new SharedReads();
  app.get(
    "/maps",
    {
      schema: {
        tags,
        summary: "List the maps you can see: public ones, those you are a member of (every map for an admin)",
        querystring: PageQuery,
        response: { 200: listOf(Map), ...errors },
      },
    },
    async (request) => {
      const caller = { principal: request.principal, scope: request.tokenScope };
      const visible = await app.store.access.visibleMaps(request.principal.userId, actsAsAdmin(caller));
      const reach = new globalThis.Map(
        visible.flatMap((m) => {
          const access = reachOf(caller, m.id, { visibility: m.visibility, role: m.role, shared: false });
          return access ? [[m.id, access] as const] : [];
        }),
      );
      // An admin lists every map: no list of ids to send along.
      const page = await app.store.listMaps(request.query, actsAsAdmin(caller) ? null : [...reach.keys()]);
      const owner = { reach: "owner", redacted: false } as const;
      return { ...page, items: page.items.map((m) => withAccess(m, reach.get(m.id) ?? owner)) };
    },
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
    async (request, reply) =>
      reply.code(201).send(withAccess(await app.store.createMap(request.body), { reach: "owner", redacted: false })),
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
        // A copy starts private, whatever the original's visibility: its owner decides whom to show it.
        visibility: "private",
      });
      return reply.code(201).send(withAccess(copy, { reach: "owner", redacted: false }));
    },
  );
  app.get(
    "/maps/:mapId",
    { schema: { tags, summary: "Get a map with its counts", params: MapParams, response: { 200: Map, ...errors } } },
    async (request) => withAccess(await app.store.getMap(request.params.mapId), request.mapAccess),
  );
  app.patch(
    "/maps/:mapId",
    {
      schema: {
        tags,
        summary: "Rename or describe a map, or change who sees it (visibility)",
        params: MapParams,
        body: MapPatch,
        response: { 200: Map, ...errors },
      },
    },
    async (request) => {
      const map = await app.store.updateMap(request.params.mapId, request.body);
      if (request.body.visibility) app.forgetAccess();
      return withAccess(map, request.mapAccess);
    },
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
    async (request, reply) => {
      // Streamed as Neo4j reads it (services/streamed-reads.ts), in the bytes the serializer would write; callers
      // asking at once for the same version and redaction share one read, and a small map's answer is kept for the
      // callers after, until its version moves on (services/shared-reads.ts). A stream skips
      // the serialization hooks, so a redacted caller's records are redacted as they are written.
      const { mapId } = request.params;
      const redacted = request.mapAccess?.redacted === true;
      const version = await app.store.mapVersion(mapId);
      const shared = await graphReads.open(
        `${mapId}@${version}/${redacted ? "redacted" : "full"}`,
        async () => {
          const graph = await app.store.openGraph(mapId, GRAPH_PARTS);
          try {
            const redactRecord = redacted ? await app.redaction.recordRedactor(mapId, graph.map.version) : undefined;
            return { head: graph.map, body: graphBody(graph, redactRecord), close: () => graph.close() };
          } catch (err) {
            await graph.close();
            throw err;
          }
        },
        { family: mapId, generation: version },
      );
      const body = shared.reader();
      try {
        // The map is redacted per caller (it carries the caller's reach): the rest is the shared body.
        const map = await app.redaction.forRequest(request, withAccess(shared.head, request.mapAccess));
        body.unshift(graphHead(map));
      } catch (err) {
        body.destroy();
        throw err;
      }
      // The stream writes the GraphView the schema documents; the type provider only knows objects.
      return reply.type("application/json; charset=utf-8").send(body as never);
    },
  );
};
/** A map as the caller sees it: with its reach into it, and the version it was read at (its ETag). */
function withAccess(map: AtlasMap, access: { reach: MapAccess["reach"]; redacted: boolean } | undefined): AtlasMap {
  if (!access) return map;
  const seen = { ...map, access: { reach: access.reach, redacted: access.redacted } };
  const rev = versionOf(map);
  return rev === undefined ? seen : versioned(seen, rev);
}

export default maps;
