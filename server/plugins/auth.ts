// Who is calling and how far it reaches, on every request, before anything else runs: a session cookie
// (@fastify/session, stored in Neo4j), an API token (`Authorization: Bearer atl_…`) or nobody, plus a share link
// (`x-atlas-share` header or `share` query). Routes state what they need in server/auth/route-access.ts; this
// plugin answers 401, 403 or 404 before the handler runs, checks the CSRF token of cookie-authenticated writes,
// and runs the rest of the request with its principal known to the store (the audit trail's "who").
import fp from "fastify-plugin";
import fastifyCookie from "@fastify/cookie";
import fastifySession, { type SessionStore } from "@fastify/session";
import fastifyCsrf from "@fastify/csrf-protection";
import { createHash } from "node:crypto";
import type { FastifyRequest } from "fastify";
import { reachOf, refusal, type Caller, type MapFacts, type TokenScope } from "../auth/access";
import { ANONYMOUS, runWithPrincipal, type Principal } from "../auth/context";
import { routeAccess } from "../auth/route-access";
import { hashSecret } from "../auth/secrets";
import { UnavailableError } from "../domain/errors";
import { Id } from "../schemas/domain";
import { TtlCache } from "../auth/ttl-cache";
import type { AccountRepository } from "../store/account-repository";

declare module "fastify" {
  interface FastifyInstance {
    /** Forgets cached access facts after this process changed accounts, members, links or visibility. */
    forgetAccess(): void;
  }
  interface Session {
    userId?: string;
  }
  interface FastifyRequest {
    /** The API token's limits when the caller came with one. */
    tokenScope: TokenScope | null;
  }
}

export interface AuthOptions {
  /** Signs the session cookie; at least 32 characters, the same for every API process of one install. */
  sessionSecret: string;
  /**
   * Lets every request through as a site admin, with no lookup and nothing redacted. Only the access benchmark
   * (scripts/bench/access.ts) sets it, to measure what the checks cost; server.ts has no way to.
   */
  unchecked?: boolean;
}

const UNCHECKED: Principal = { userId: null, name: "benchmark", isAdmin: true, via: "none" };

const SESSION_DAYS = 14;
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/**
 * Credential routes carry their own proof (a password, a one-time link), so they need no CSRF token; nor do a survey
 * respondent's, whose link in the path is the only credential they read (a signed-in editor trying a link saves too).
 */
const NO_CSRF = new Set([
  "/api/auth/login",
  "/api/auth/set-password",
  "/api/respond/:token/answers",
  "/api/respond/:token/submit",
]);

const STATUS_TEXT = {
  401: "Sign in to do this",
  403: "Your role does not allow this",
  404: "Not found",
} as const;

export default fp<AuthOptions>(
  async (app, opts) => {
    const accounts = app.store.accounts;
    const grants = new TtlCache<{ principal: Principal; scope: TokenScope } | null>(5_000);
    const users = new TtlCache<Principal | null>(2_000);
    const reaches = new TtlCache<MapFacts | null>(1_000);
    const sessions = new TtlCache<string | null>(2_000);
    /**
     * Looks something up in Neo4j, or, while Neo4j is away, answers what was last known: for two seconds after a
     * failed lookup nobody waits on the database again (a request then fails fast, or goes on with what was known).
     */
    let downUntil = 0;
    async function lookUp<V>(cache: TtlCache<V>, key: string, read: () => Promise<V>): Promise<V> {
      const fresh = cache.get(key);
      if (fresh !== undefined) return fresh;
      const known = cache.stale(key);
      if (performance.now() < downUntil) {
        if (known !== undefined) return known;
        throw new UnavailableError();
      }
      try {
        const value = await read();
        cache.set(key, value);
        return value;
      } catch (err) {
        if (!(err instanceof UnavailableError)) throw err;
        downUntil = performance.now() + 2_000;
        if (known !== undefined) return known;
        throw err;
      }
    }

    app.decorate("forgetAccess", () => {
      grants.clear();
      users.clear();
      reaches.clear();
      sessions.clear();
    });
    app.decorateRequest("principal", null as unknown as Principal);
    app.decorateRequest("tokenScope", null);
    app.decorateRequest("mapAccess", undefined);

    app.addHook("onRoute", (route) => {
      if (!route.url.startsWith("/api/")) return;
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods)
        if (!routeAccess(method, route.url))
          throw new Error(`${method} ${route.url} has no entry in server/auth/route-access.ts`);
    });

    await app.register(fastifyCookie);
    await app.register(fastifySession, {
      secret: opts.sessionSecret,
      cookieName: "atlas_session",
      // Secure follows the request: set behind HTTPS (with trustProxy for a TLS proxy), not on plain localhost.
      cookie: { httpOnly: true, sameSite: "lax", secure: "auto", path: "/", maxAge: SESSION_DAYS * 86_400_000 },
      saveUninitialized: false,
      // A session is written when it changes (sign-in, CSRF secret), not on every request: reads stay reads.
      rolling: false,
      store: neo4jSessionStore(accounts, sessions, users),
    });
    await app.register(fastifyCsrf, { sessionPlugin: "@fastify/session" });

    const principalOfUser = (userId: string): Promise<Principal | null> =>
      lookUp(users, userId, async () => {
        const user = await accounts.findUser({ id: userId });
        return user && !user.disabled
          ? { userId: user.id, name: user.name, isAdmin: user.isAdmin, via: "session" as const }
          : null;
      });

    const grantOf = (token: string) =>
      lookUp(grants, hashSecret(token), async () => {
        const found = await accounts.findToken(hashSecret(token));
        return (
          found && {
            principal: {
              userId: found.user.id,
              name: found.user.name,
              isAdmin: found.user.isAdmin,
              via: "token" as const,
            },
            scope: { role: found.token.role, maps: found.token.maps },
          }
        );
      });

    app.addHook("onRequest", async (request, reply) => {
      if (opts.unchecked) {
        request.principal = UNCHECKED;
        const mapId = (request.params as { mapId?: string }).mapId;
        if (mapId) request.mapAccess = { mapId, reach: "owner", redacted: false };
        return;
      }
      const level = request.routeOptions.url ? routeAccess(request.method, request.routeOptions.url) : undefined;
      // Routes open to anyone (health above all) still answer while Neo4j is away: the caller is read as nobody.
      const caller = await identify(request).catch((err: unknown) => {
        if (level === "anyone" || !level) return { principal: ANONYMOUS, scope: null, badToken: false };
        throw err;
      });
      request.principal = caller.principal;
      request.tokenScope = caller.scope;
      if (!level) return; // the UI's files and the API documents
      if (caller.badToken && level !== "anyone")
        return reply.code(401).send({
          statusCode: 401,
          error: "Unauthorized",
          message: "This API token is not valid: it was revoked, it expired, or its account is disabled",
        });
      const mapId = (request.params as { mapId?: string }).mapId;
      // A malformed map id names no map: validation answers 400 for it, naming the field.
      if (mapId !== undefined && !Id.safeParse(mapId).success) return;
      if (mapId !== undefined) {
        const share = shareToken(request);
        const key = `${mapId}\u0000${caller.principal.userId ?? ""}\u0000${share ?? ""}`;
        const facts = await lookUp(reaches, key, () =>
          app.store.access.reach(mapId, caller.principal.userId, share && hashSecret(share)),
        );
        request.mapAccess = facts ? (reachOf(caller, mapId, facts) ?? undefined) : undefined;
      }
      const status = refusal(level, caller, request.mapAccess);
      if (status === null) return;
      return reply.code(status).send({
        statusCode: status,
        error: status === 401 ? "Unauthorized" : status === 403 ? "Forbidden" : "Not Found",
        message: status === 404 && mapId ? `Map '${mapId}' not found` : STATUS_TEXT[status],
      });
    });

    // A write authenticated by the session cookie must carry the session's CSRF token: a page on another site can
    // make the browser send the cookie, but cannot read the token.
    app.addHook("onRequest", (request, reply, done) => {
      const url = request.routeOptions.url ?? "";
      if (request.principal.via === "session" && UNSAFE.has(request.method) && !NO_CSRF.has(url))
        app.csrfProtection(request, reply, done);
      else done();
    });

    // Everything after this hook (handlers, the store) runs with the caller known to currentPrincipal().
    app.addHook("onRequest", (request, _reply, done) => runWithPrincipal(request.principal, done));

    async function identify(request: FastifyRequest): Promise<Caller & { badToken?: boolean }> {
      const header = request.headers.authorization;
      if (header?.startsWith("Bearer ")) {
        const grant = await grantOf(header.slice(7).trim());
        // A wrong token is refused outright (401) rather than read as anonymous, so a script notices at once.
        if (!grant) return { principal: ANONYMOUS, scope: null, badToken: true };
        return grant;
      }
      const userId = request.session.userId;
      if (userId) {
        const principal = await principalOfUser(userId);
        if (principal) return { principal, scope: null };
      }
      return { principal: ANONYMOUS, scope: null };
    }
  },
  { name: "auth", dependencies: ["neo4j"] },
);

/** The share token of a request, from its header or its `share` query parameter (removed before validation). */
function shareToken(request: FastifyRequest): string | null {
  const header = request.headers["x-atlas-share"];
  const query = request.query as Record<string, unknown> | undefined;
  const fromQuery = query && typeof query.share === "string" ? query.share : undefined;
  if (query && "share" in query) delete query.share;
  const token = typeof header === "string" ? header : fromQuery;
  return token && token.length <= 200 ? token : null;
}

/**
 * Sessions live in Neo4j, keyed by the SHA-256 of their id, so every API process sees them and signing out ends
 * them everywhere. Reads are cached for two seconds; this process's own changes replace the cached copy.
 */
function neo4jSessionStore(
  accounts: AccountRepository,
  cache: TtlCache<string | null>,
  users: TtlCache<Principal | null>,
): SessionStore {
  const key = (id: string) => createHash("sha256").update(id).digest("hex");
  return {
    set(id, session, done) {
      const data = JSON.stringify(session);
      const expires = session.cookie?.expires ? new Date(session.cookie.expires) : null;
      const expiresAt = (expires ?? new Date(Date.now() + SESSION_DAYS * 86_400_000)).toISOString();
      accounts.setSession(key(id), data, session.userId ?? null, expiresAt).then((saved) => {
        cache.set(id, saved ? data : null);
        done();
      }, done);
    },
    get(id, done) {
      const cached = cache.get(id);
      if (cached !== undefined) return done(null, cached === null ? null : JSON.parse(cached));
      accounts.getSession(key(id)).then((data) => {
        cache.set(id, data);
        done(null, data === null ? null : JSON.parse(data));
      }, done);
    },
    destroy(id, done) {
      accounts.destroySession(key(id)).then(() => {
        cache.set(id, null);
        users.clear();
        done();
      }, done);
    },
  };
}
