// Signing in and out, the caller's own account (password) and its API tokens.
import { z } from "zod";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { ForbiddenError, InvalidReferenceError, NotFoundError, UnauthorizedError } from "../domain/errors";
import { hashPassword, hashSecret, newSecret, verifyPassword } from "../auth/secrets";
import { publicUser } from "../store/account-repository";
import {
  ApiToken,
  ApiTokenCreated,
  AuthSession,
  Login,
  PasswordChange,
  PasswordSet,
  TokenCreate,
  TokenParams,
} from "../schemas/auth";
import { ErrorResponse, errors } from "../schemas/api";

/**
 * Sign-in attempts per minute from one address, whatever the account (someone trying many accounts); the lock of
 * one account after five failures in a row is kept in Neo4j, so it holds across API processes.
 */
const LOGINS_PER_MINUTE = 100;

const auth: FastifyPluginAsyncZod = async (app) => {
  const tags = ["accounts"];
  const accounts = app.store.accounts;

  app.post(
    "/auth/login",
    {
      schema: {
        tags,
        summary: "Sign in with a username and password; sets the session cookie",
        description:
          "Five failed attempts in a row lock the account for a time that doubles with each further failure (429 " +
          "with Retry-After). The answer's csrfToken goes in the x-csrf-token header of every write.",
        body: Login,
        response: { 200: AuthSession, ...errors, 429: ErrorResponse },
      },
      config: { rateLimit: { max: LOGINS_PER_MINUTE, timeWindow: 60_000 } },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const user = await accounts.findUser({ username });
      if (user?.lockedUntilMs && user.lockedUntilMs > Date.now()) return tooMany(user.lockedUntilMs);
      const ok = (await verifyPassword(user?.passwordHash, password)) && user !== null && !user.disabled;
      if (!ok || !user) {
        if (user) {
          const { lockedUntilMs } = await accounts.loginResult(user.id, false);
          if (lockedUntilMs) return tooMany(lockedUntilMs);
        }
        throw new UnauthorizedError("Wrong username or password");
      }
      if (user.failedLogins > 0) await accounts.loginResult(user.id, true);
      // A new session id on every sign-in, so an id planted before it (session fixation) signs nobody in.
      await request.session.regenerate();
      request.session.userId = user.id;
      return { user: publicUser(user), csrfToken: reply.generateCsrf() };

      function tooMany(untilMs: number) {
        const seconds = Math.max(1, Math.ceil((untilMs - Date.now()) / 1000));
        return reply
          .code(429)
          .header("retry-after", String(seconds))
          .send({
            statusCode: 429,
            error: "Too Many Requests",
            message: `Too many failed sign-ins for this account; try again in ${seconds} s`,
          });
      }
    },
  );

  app.post(
    "/auth/logout",
    { schema: { tags, summary: "Sign out: ends the session everywhere", response: { 204: z.undefined(), ...errors } } },
    async (request, reply) => {
      if (request.session.userId) await request.session.destroy();
      return reply.code(204).send();
    },
  );

  app.get(
    "/auth/session",
    {
      schema: {
        tags,
        summary: "Who is signed in, with the CSRF token for writes",
        response: { 200: AuthSession, ...errors },
      },
    },
    async (request, reply) => {
      const { principal } = request;
      if (!principal.userId) return { user: null, csrfToken: null };
      const user = await accounts.getUser(principal.userId);
      return { user: publicUser(user), csrfToken: principal.via === "session" ? reply.generateCsrf() : null };
    },
  );

  app.post(
    "/auth/password",
    {
      schema: {
        tags,
        summary: "Change your password; other sessions of the account end",
        body: PasswordChange,
        response: { 204: z.undefined(), ...errors },
      },
    },
    async (request, reply) => {
      const user = await accounts.getUser(request.principal.userId!);
      if (!(await verifyPassword(user.passwordHash, request.body.currentPassword)))
        throw new InvalidReferenceError([{ field: "currentPassword", message: "is not your current password" }]);
      await accounts.updateUser(user.id, { passwordHash: await hashPassword(request.body.newPassword) }, true);
      app.forgetAccess();
      if (request.principal.via === "session") {
        await request.session.regenerate();
        request.session.userId = user.id;
      }
      return reply.code(204).send();
    },
  );

  app.post(
    "/auth/set-password",
    {
      schema: {
        tags,
        summary: "Set a password through a one-time link (a new account, or a reset by an admin)",
        body: PasswordSet,
        response: { 204: z.undefined(), ...errors },
      },
    },
    async (request, reply) => {
      const { token, password } = request.body;
      const userId = await accounts.usePasswordSetup(hashSecret(token), await hashPassword(password));
      if (!userId) throw new InvalidReferenceError([{ field: "token", message: "this link is used or expired" }]);
      app.forgetAccess();
      return reply.code(204).send();
    },
  );

  app.get(
    "/auth/tokens",
    {
      schema: {
        tags,
        summary: "Your API tokens (never their values)",
        response: { 200: z.array(ApiToken), ...errors },
      },
    },
    async (request) => accounts.listTokens(request.principal.userId!),
  );

  app.post(
    "/auth/tokens",
    {
      schema: {
        tags,
        summary: "Create an API token for scripts and the CLI; its value is shown in this answer only",
        description:
          "The token acts as your account, capped at `role` and limited to `maps` when given. Use it as " +
          "`Authorization: Bearer <token>`. Tokens are made from a signed-in session, not from another token.",
        body: TokenCreate,
        response: { 201: ApiTokenCreated, ...errors },
      },
    },
    async (request, reply) => {
      if (request.principal.via !== "session")
        throw new ForbiddenError("API tokens are created from a signed-in session");
      const token = newSecret("atl_");
      const created = await accounts.createToken({
        userId: request.principal.userId!,
        name: request.body.name,
        hash: hashSecret(token),
        role: request.body.role,
        maps: request.body.maps ?? null,
        expiresAt: request.body.expiresAt ?? null,
      });
      return reply.code(201).send({ ...created, token });
    },
  );

  app.delete(
    "/auth/tokens/:tokenId",
    {
      schema: {
        tags,
        summary: "Revoke one of your API tokens; it stops working at once",
        params: TokenParams,
        response: { 204: z.undefined(), ...errors },
      },
    },
    async (request, reply) => {
      const hash = await accounts.revokeToken(request.principal.userId!, request.params.tokenId);
      if (!hash) throw new NotFoundError("Token", request.params.tokenId);
      app.forgetAccess();
      return reply.code(204).send();
    },
  );
};
export default auth;
