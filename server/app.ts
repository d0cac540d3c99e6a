// Builds the Ecosystem Atlas application as a plugin tree; server.ts only listens and closes.
import { createHash } from "node:crypto";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { InvalidReferenceError } from "./domain/errors";
import { PATH_PARAM_MAX_LENGTH } from "./domain/ids";
import analysisPlugin from "./plugins/analysis";
import auth from "./plugins/auth";
import client from "./plugins/client";
import errors from "./plugins/errors";
import neo4jPlugin, { type Neo4jOptions } from "./plugins/neo4j";
import openapi from "./plugins/openapi";
import pressure, { pressureOptions, type PressureOptions } from "./plugins/pressure";
import redaction from "./plugins/redaction";
import idempotency from "./plugins/idempotency";
import security, { securityOptions, type SecurityOptions } from "./plugins/security";
import actors from "./routes/actors";
import accountRoutes from "./routes/auth";
import analysis from "./routes/analysis";
import analysisJobs from "./routes/analysis-jobs";
import categories from "./routes/categories";
import commitments from "./routes/commitments";
import history from "./routes/history";
import imports from "./routes/imports";
import items from "./routes/items";
import maps from "./routes/maps";
import members from "./routes/members";
import matching from "./routes/matching";
import relationships from "./routes/relationships";
import respond from "./routes/respond";
import surveys from "./routes/surveys";
import system from "./routes/system";
import users from "./routes/users";
import { removeStaleUploads } from "./services/uploads";

export interface AppOptions {
  neo4j: Neo4jOptions;
  logger?: FastifyServerOptions["logger"];
  /**
   * Signs session cookies; the same for every API process of one install (ATLAS_SESSION_SECRET). Without it, one is
   * derived from the Neo4j password, which those processes share. Sessions themselves are random ids kept in Neo4j.
   */
  sessionSecret?: string;
  /** Only for the access benchmark: no access checks and no redaction (server/plugins/auth.ts). */
  unchecked?: boolean;
  /** Each option defaults to its setting in the environment (server/config.ts). */
  security?: Partial<SecurityOptions>;
  /** Load-shedding thresholds; each defaults to its setting in the environment (server/config.ts). */
  pressure?: Partial<PressureOptions>;
  /** Milliseconds a heavy analysis waits for its result before answering 202 with a job (ATLAS_REQUEST_BUDGET_MS). */
  requestBudgetMs?: number;
}

export async function buildApp(options: AppOptions) {
  const securityConfig = { ...securityOptions(), ...options.security };
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: securityConfig.trustProxy,
    routerOptions: { maxParamLength: PATH_PARAM_MAX_LENGTH },
    // Fastify's defaults, stated because strictJsonBodies relies on them to find a prototype-like key.
    onProtoPoisoning: "error",
    onConstructorPoisoning: "error",
  }).withTypeProvider<ZodTypeProvider>();
  strictJsonBodies(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(errors);
  // Upload directories that API processes no longer running left behind (a crash mid-import); live ones' stay.
  await removeStaleUploads().then(
    (n) => n && app.log.info(`removed ${n} upload directories left by earlier processes`),
    (err: unknown) => app.log.warn({ err }, "could not remove earlier upload directories"),
  );
  // Before anything else that runs on a request: a refusal under load should cost next to nothing.
  await app.register(pressure, { ...pressureOptions(), ...options.pressure });
  await app.register(security, securityConfig);
  await app.register(neo4jPlugin, options.neo4j);
  // Before everything that reads or writes a map: it decides who is calling and what they may reach.
  await app.register(auth, {
    sessionSecret:
      options.sessionSecret ?? createHash("sha256").update(`atlas-session:${options.neo4j.password}`).digest("hex"),
    unchecked: options.unchecked,
  });
  // After the access checks (which set request.mapAccess), before every route: it reads what they decided.
  await app.register(redaction);
  // After auth (the caller names an Idempotency-Key's owner), before the routes whose writes it makes conditional.
  await app.register(idempotency);
  await app.register(analysisPlugin, { budgetMs: options.requestBudgetMs });
  await app.register(openapi);
  await app.register(
    async (api) => {
      await api.register(system);
      await api.register(accountRoutes);
      await api.register(users);
      await api.register(maps);
      await api.register(members);
      await api.register(imports);
      await api.register(categories);
      await api.register(actors);
      await api.register(items);
      await api.register(relationships);
      await api.register(commitments);
      await api.register(history);
      await api.register(analysis);
      await api.register(matching);
      await api.register(analysisJobs);
      await api.register(surveys);
      await api.register(respond);
    },
    { prefix: "/api" },
  );
  await app.register(client);
  return app;
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/**
 * JSON bodies go through Fastify's own parser (secure-json-parse), with two differences: bytes that are not UTF-8
 * are refused instead of silently becoming U+FFFD, and a refused `__proto__` or `constructor.prototype` key is
 * named, instead of the parser's "Body is not valid JSON".
 */
function strictJsonBodies(app: FastifyInstance) {
  const parseJson = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "buffer" }, (request, body, done) => {
    let text: string;
    try {
      text = UTF8.decode(body as Buffer);
    } catch {
      done(new InvalidReferenceError([{ field: "body", message: "is not valid UTF-8" }]), undefined);
      return;
    }
    parseJson(request, text, (error, value) => {
      if (!error) done(null, value);
      else done(forbiddenKey(text) ?? error, undefined);
    });
  });
}

/** Where a body that is plain JSON holds a key the secure parser refuses, or null when the JSON itself is bad. */
function forbiddenKey(text: string): InvalidReferenceError | null {
  let value: unknown;
  try {
    // Only to locate the key: JSON.parse makes `__proto__` an own property, never the object's prototype.
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const pending: [unknown, string][] = [[value, ""]];
  while (pending.length) {
    const [node, path] = pending.pop()!;
    if (node === null || typeof node !== "object") continue;
    for (const [key, child] of Object.entries(node)) {
      const field = Array.isArray(node) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      const poisoned =
        key === "__proto__" ||
        (key === "constructor" && child !== null && typeof child === "object" && Object.hasOwn(child, "prototype"));
      if (poisoned) return new InvalidReferenceError([{ field, message: "this key is not allowed" }]);
      pending.push([child, field]);
    }
  }
  return null;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
