// One error handler for the whole API: validation errors become 400 naming each field, domain errors
// their own 4xx, an unreachable Neo4j 503; anything else is a 500 whose details stay in the log.
import fp from "fastify-plugin";
import type { FastifyError } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { InvalidReferenceError } from "../domain/errors";
import { fromNeo4jError } from "../store/neo4j-errors";

const REASONS: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  412: "Precondition Failed",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  421: "Misdirected Request",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  503: "Service Unavailable",
};

function fieldOf(context: string | undefined, instancePath: string): string {
  const path = instancePath
    .split("/")
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
    .join("")
    .replace(/^\./, "");
  const where = context === "body" ? "" : context === "querystring" ? "query" : (context ?? "");
  return [where, path].filter(Boolean).join(".") || where || "body";
}

/** A refused record key (an attribute name) carries its reason inside; "Invalid key in record" alone says nothing. */
function messageOf(v: { keyword: string; message?: string; params: unknown }): string {
  const inner = v.keyword === "invalid_key" ? (v.params as { issues?: { message?: string }[] }).issues?.[0] : undefined;
  return inner?.message ?? v.message ?? "invalid";
}

export default fp(
  async (app) => {
    app.setErrorHandler((rawError: FastifyError, request, reply) => {
      if (hasZodFastifySchemaValidationErrors(rawError)) {
        const issues = rawError.validation.flatMap((v) => {
          const path = v.instancePath.replace(/\/$/, "");
          // An unknown key is reported on its parent; name the key itself.
          const keys = v.keyword === "unrecognized_keys" ? ((v.params as { keys?: string[] }).keys ?? []) : [""];
          return keys.map((key) => ({
            field: fieldOf(rawError.validationContext, key ? `${path}/${key}` : path),
            message: key ? "unknown field" : messageOf(v),
          }));
        });
        return reply.code(400).send({
          statusCode: 400,
          error: REASONS[400],
          message: issues.map((i) => `${i.field}: ${i.message}`).join("; "),
          issues,
        });
      }
      const error = fromNeo4jError(rawError) as FastifyError;
      const status = error.statusCode ?? 500;
      if ((status >= 400 && status < 500) || status === 503) {
        if (status === 503) request.log.warn({ err: rawError }, "neo4j unavailable");
        return reply.code(status).send({
          statusCode: status,
          error: REASONS[status] ?? "Error",
          message: error.message,
          ...(error instanceof InvalidReferenceError ? { issues: error.issues } : {}),
        });
      }
      request.log.error({ err: rawError }, "unexpected error");
      return reply
        .code(500)
        .send({ statusCode: 500, error: "Internal Server Error", message: "Unexpected error; see the server log" });
    });
    app.setNotFoundHandler((request, reply) => {
      reply
        .code(404)
        .send({ statusCode: 404, error: "Not Found", message: `Route ${request.method} ${request.url} not found` });
    });
  },
  { name: "errors" },
);
