// A map's members and share links: owners only (server/auth/route-access.ts). Adding someone without an account
// creates it and answers the one-time link that sets its password, for the owner to pass on.
import { z } from "zod";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { NotFoundError } from "../domain/errors";
import { passwordLink } from "../auth/password-links";
import { hashSecret, newSecret } from "../auth/secrets";
import {
  Member,
  MemberAdd,
  MemberAdded,
  MemberParams,
  MemberPatch,
  ShareLink,
  ShareLinkCreate,
  ShareLinkCreated,
  ShareLinkParams,
} from "../schemas/auth";
import { ErrorResponse, errors, MapParams } from "../schemas/api";

const members: FastifyPluginAsyncZod = async (app) => {
  const tags = ["sharing"];
  const { accounts, access } = app.store;
  const conflict = { 409: ErrorResponse };

  app.get(
    "/maps/:mapId/members",
    {
      schema: {
        tags,
        summary: "Members and their roles",
        params: MapParams,
        response: { 200: z.object({ items: z.array(Member) }), ...errors },
      },
    },
    async (request) => ({ items: await access.members(request.params.mapId) }),
  );

  app.post(
    "/maps/:mapId/members",
    {
      schema: {
        tags,
        summary: "Give an account a role in the map, creating the account when it does not exist",
        description: "For a new account, setPasswordUrl is the one-time link that sets its password (shown once).",
        params: MapParams,
        body: MemberAdd,
        response: { 201: MemberAdded, ...errors, ...conflict },
      },
    },
    async (request, reply) => {
      const { username, role, name } = request.body;
      let user = await accounts.findUser({ username });
      let setPasswordUrl: string | null = null;
      if (!user) {
        user = await accounts.createUser({ username, name, isAdmin: false, passwordHash: null });
        setPasswordUrl = (await passwordLink(accounts, user.id)).setPasswordUrl;
      }
      const member = await access.setMember(request.params.mapId, user.id, role);
      app.forgetAccess();
      return reply.code(201).send({ member, setPasswordUrl });
    },
  );

  app.patch(
    "/maps/:mapId/members/:userId",
    {
      schema: {
        tags,
        summary: "Change a member's role (a map keeps at least one owner)",
        params: MemberParams,
        body: MemberPatch,
        response: { 200: Member, ...errors, ...conflict },
      },
    },
    async (request) => {
      const { mapId, userId } = request.params;
      if (!(await access.members(mapId)).some((m) => m.userId === userId)) throw new NotFoundError("Member", userId);
      const member = await access.setMember(mapId, userId, request.body.role);
      app.forgetAccess();
      return member;
    },
  );

  app.delete(
    "/maps/:mapId/members/:userId",
    {
      schema: {
        tags,
        summary: "Remove a member (a map keeps at least one owner)",
        params: MemberParams,
        response: { 204: z.undefined(), ...errors, ...conflict },
      },
    },
    async (request, reply) => {
      await access.removeMember(request.params.mapId, request.params.userId);
      app.forgetAccess();
      return reply.code(204).send();
    },
  );

  app.get(
    "/maps/:mapId/share-links",
    {
      schema: {
        tags,
        summary: "The map's share links (never their values)",
        params: MapParams,
        response: { 200: z.object({ items: z.array(ShareLink) }), ...errors },
      },
    },
    async (request) => ({ items: await access.shareLinks(request.params.mapId) }),
  );

  app.post(
    "/maps/:mapId/share-links",
    {
      schema: {
        tags,
        summary: "Create a read-only share link; its URL is shown in this answer only",
        description:
          "Visitors with the link see the map redacted, read-only, while the map's visibility is `link` (or " +
          "`public`); revoking the link or making the map private stops it.",
        params: MapParams,
        body: ShareLinkCreate,
        response: { 201: ShareLinkCreated, ...errors },
      },
    },
    async (request, reply) => {
      const { mapId } = request.params;
      const token = newSecret();
      const link = await access.createShareLink(mapId, {
        hash: hashSecret(token),
        label: request.body.label ?? null,
        expiresAt: request.body.expiresAt ?? null,
        userId: request.principal.userId,
      });
      return reply
        .code(201)
        .send({ ...link, token, url: `/?map=${encodeURIComponent(mapId)}&share=${encodeURIComponent(token)}` });
    },
  );

  app.delete(
    "/maps/:mapId/share-links/:linkId",
    {
      schema: {
        tags,
        summary: "Revoke a share link; it stops working at once",
        params: ShareLinkParams,
        response: { 204: z.undefined(), ...errors },
      },
    },
    async (request, reply) => {
      await access.revokeShareLink(request.params.mapId, request.params.linkId);
      app.forgetAccess();
      return reply.code(204).send();
    },
  );
};
export default members;
