// Who is asking, and what they may see of a map: set on every request by the auth plugin, read by the routes, the
// redaction of responses and the audit trail (through AsyncLocalStorage, so repositories need no extra argument).
import { AsyncLocalStorage } from "node:async_hooks";
import type { MapRole } from "../domain/vocabulary";

export { MAP_ROLES, type MapRole } from "../domain/vocabulary";

/** The caller behind a request: an account (by session cookie or API token) or nobody. */
export interface Principal {
  userId: string | null;
  /** The account's display name, for the audit trail; null when anonymous. */
  name: string | null;
  isAdmin: boolean;
  via: "session" | "token" | "none";
}

export const ANONYMOUS: Principal = { userId: null, name: null, isAdmin: false, via: "none" };

/**
 * How the caller reaches the map a request names. `link` is a share-link visitor, `public` anyone on a public map.
 * Editors and owners see everything; every other reach sees the map redacted (server/privacy).
 */
export interface MapAccess {
  mapId: string;
  reach: MapRole | "link" | "public";
  redacted: boolean;
}

export const canEdit = (access: MapAccess) => access.reach === "editor" || access.reach === "owner";

declare module "fastify" {
  interface FastifyRequest {
    principal: Principal;
    /** Set once the route's map has been checked; undefined on routes that name no map. */
    mapAccess?: MapAccess;
  }
}

interface RequestContext {
  principal: Principal;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs the rest of a request with its principal known to the store (for the audit trail's "who"). */
export const runWithPrincipal = <T>(principal: Principal, work: () => T): T => storage.run({ principal }, work);

/** The principal of the request being served, or anonymous outside one (start-up seeding, the CLI). */
export const currentPrincipal = (): Principal => storage.getStore()?.principal ?? ANONYMOUS;
