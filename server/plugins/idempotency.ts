// Conditional and idempotent writes, for every route at once.
// - If-Match: handed to the store (server/store/preconditions.ts), which compares it with the entity's version
//   inside the write transaction; a response that sends one entity carries that version as its ETag.
// - Idempotency-Key on a POST, PATCH or DELETE: the first request's status and body are stored for 24 hours (keyed by
//   caller, key, method and path) and a retry receives them without the write running again; the same key with
//   another body is refused (422), and a retry while the first request still runs gets 409.
// The key is claimed in a transaction of its own before the handler and its answer stored once the response is
// serialised: the answer is only known then, after the write has committed, and handing the write's transaction to
// this hook would thread it through every route. A crash between the write and the storing leaves the key claimed
// without an answer (409 to retries until it expires); a 5xx gives the key back so a retry can run.
import { createHash, randomUUID } from "node:crypto";
import fp from "fastify-plugin";
import type { FastifyRequest } from "fastify";
import { ConflictError, InvalidReferenceError } from "../domain/errors";
import { etagOf, runWithConditions, versionOf } from "../store/preconditions";

const TTL_MS = 24 * 60 * 60 * 1000;
const WRITES = new Set(["POST", "PATCH", "DELETE"]);
const MAX_KEY_LENGTH = 255;

/** The key was sent before with another request body (422). */
class KeyReusedError extends Error {
  readonly statusCode = 422;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

export default fp(
  async (app) => {
    const claims = new WeakMap<FastifyRequest, { id: string; token: string }>();

    app.addHook("onRequest", (request, _reply, done) => {
      const ifMatch = request.headers["if-match"];
      runWithConditions({ ifMatch: typeof ifMatch === "string" && ifMatch.trim() ? ifMatch : null }, done);
    });

    app.addHook("preSerialization", async (_request, reply, payload) => {
      const rev = versionOf(payload);
      if (rev !== undefined && reply.statusCode < 300) reply.header("ETag", etagOf(rev));
      return payload;
    });

    app.addHook("preHandler", async (request, reply) => {
      const key = request.headers["idempotency-key"];
      // Signing in and out set cookies a stored answer could not give back.
      if (key === undefined || !WRITES.has(request.method) || request.url.startsWith("/api/auth/")) return;
      if (typeof key !== "string" || !key.trim() || key.length > MAX_KEY_LENGTH) {
        throw new InvalidReferenceError([
          { field: "Idempotency-Key", message: `must be one non-empty header of at most ${MAX_KEY_LENGTH} characters` },
        ]);
      }
      const caller = request.principal?.userId ?? "anonymous";
      const id = sha256([caller, key, request.method, request.url].join("\u0000"));
      const token = randomUUID();
      const claim = await app.store.idempotency.claim(id, token, sha256(JSON.stringify(request.body ?? null)), TTL_MS);
      if (claim.kind === "claimed") {
        claims.set(request, { id, token });
        return;
      }
      if (claim.kind === "mismatch") {
        throw new KeyReusedError(
          `Idempotency-Key '${key}' was already used for ${request.method} ${request.url} with another request body: use a new key for a new request`,
        );
      }
      if (claim.kind === "pending") {
        throw new ConflictError(`The request with Idempotency-Key '${key}' is still being processed: retry shortly`);
      }
      const { answer } = claim;
      reply.code(answer.status).header("Idempotent-Replayed", "true");
      if (answer.etag) reply.header("ETag", answer.etag);
      if (answer.contentType) reply.type(answer.contentType);
      if (answer.body === null) return reply.send();
      // A JSON body goes back as the value it was, so the route's serialiser writes the same text again.
      return reply.send(answer.contentType?.includes("json") ? JSON.parse(answer.body) : answer.body);
    });

    app.addHook("onSend", async (request, reply, payload) => {
      const claim = claims.get(request);
      if (!claim) return payload;
      claims.delete(request);
      try {
        if (reply.statusCode >= 500 || (payload !== null && payload !== undefined && typeof payload !== "string")) {
          await app.store.idempotency.release(claim.id, claim.token);
        } else {
          const etag = reply.getHeader("etag");
          const contentType = reply.getHeader("content-type");
          await app.store.idempotency.complete(claim.id, claim.token, {
            status: reply.statusCode,
            body: payload === "" || payload === null || payload === undefined ? null : payload,
            contentType: typeof contentType === "string" ? contentType : null,
            etag: typeof etag === "string" ? etag : null,
          });
        }
      } catch (err) {
        // The write's answer still goes out; a retry then finds the key pending until it expires.
        request.log.warn({ err }, "idempotency: the answer could not be stored");
      }
      return payload;
    });
  },
  { name: "idempotency", dependencies: ["neo4j", "auth"] },
);
