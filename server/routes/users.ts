// Site administration: accounts, disabling them, resetting passwords. Admins only (server/auth/route-access.ts).
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { ConflictError } from "../domain/errors";
import { passwordLink } from "../auth/password-links";
import { publicUser } from "../store/account-repository";
import { PasswordLink, User, UserCreate, UserParams, UserPatch } from "../schemas/auth";
import { ErrorResponse, errors, listOf, PageQuery } from "../schemas/api";

const users: FastifyPluginAsyncZod = async (app) => {
  const tags = ["accounts"];
  const accounts = app.store.accounts;

  app.get(
    "/users",
    { schema: { tags, summary: "List accounts", querystring: PageQuery, response: { 200: listOf(User), ...errors } } },
    async (request) => {
      const page = await accounts.listUsers(request.query);
      return { ...page, items: page.items.map(publicUser) };
    },
  );

  app.post(
    "/users",
    {
      schema: {
        tags,
        summary: "Create an account; answers a one-time link that sets its password",
        body: UserCreate,
        response: { 201: PasswordLink, ...errors, 409: ErrorResponse },
      },
    },
    async (request, reply) => {
      const user = await accounts.createUser({ ...request.body, passwordHash: null });
      app.forgetAccess();
      return reply.code(201).send({ user: publicUser(user), ...(await passwordLink(accounts, user.id)) });
    },
  );

  app.patch(
    "/users/:userId",
    {
      schema: {
        tags,
        summary: "Disable or enable an account, grant or take back admin rights, rename it",
        description: "Disabling an account ends its sessions at once; its API tokens stop working.",
        params: UserParams,
        body: UserPatch,
        response: { 200: User, ...errors, 409: ErrorResponse },
      },
    },
    async (request) => {
      const self = request.params.userId === request.principal.userId;
      if (self && (request.body.disabled === true || request.body.isAdmin === false))
        throw new ConflictError("You cannot disable your own account or give up your own admin rights");
      const user = await accounts.updateUser(request.params.userId, request.body);
      app.forgetAccess();
      return publicUser(user);
    },
  );

  app.post(
    "/users/:userId/reset-password",
    {
      schema: {
        tags,
        summary: "Reset an account's password: answers a one-time link that sets a new one",
        description: "The old password stops working and the account's sessions end.",
        params: UserParams,
        response: { 200: PasswordLink, ...errors },
      },
    },
    async (request) => {
      const user = await accounts.updateUser(request.params.userId, { passwordHash: null }, true);
      app.forgetAccess();
      return { user: publicUser(user), ...(await passwordLink(accounts, user.id)) };
    },
  );
};
export default users;
