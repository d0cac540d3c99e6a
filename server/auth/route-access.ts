// What each API route asks of its caller. Every route under /api has an entry: a route added without one stops the
// app at start-up (server/plugins/auth.ts), and the authorization test walks the OpenAPI document against it.
import type { MapRole } from "./context";

/**
 * `anyone`: no account needed; `account`: signed in; `admin`: a site administrator; a map role: that role (or more)
 * in the route's map, where viewers also include share-link visitors and, on public maps, everyone.
 */
export type AccessLevel = "anyone" | "account" | "admin" | MapRole;

const M = "/api/maps/:mapId";

/** Reads and analysis of a map need `viewer`; data writes `editor`; settings, members and deletion `owner`. */
export const ROUTE_ACCESS: Readonly<Record<string, AccessLevel>> = {
  "GET /api/health": "anyone",
  "GET /api/openapi.json": "anyone",

  "POST /api/auth/login": "anyone",
  "POST /api/auth/logout": "anyone",
  "GET /api/auth/session": "anyone",
  "POST /api/auth/set-password": "anyone",
  "POST /api/auth/password": "account",
  "GET /api/auth/tokens": "account",
  "POST /api/auth/tokens": "account",
  "DELETE /api/auth/tokens/:tokenId": "account",

  "GET /api/users": "admin",
  "POST /api/users": "admin",
  "PATCH /api/users/:userId": "admin",
  "POST /api/users/:userId/reset-password": "admin",

  // The list holds only the maps the caller may see.
  "GET /api/maps": "anyone",
  "POST /api/maps": "account",
  [`GET ${M}`]: "viewer",
  [`PATCH ${M}`]: "owner",
  [`DELETE ${M}`]: "owner",
  // A copy holds everything unredacted, so copying asks as much as editing.
  [`POST ${M}/duplicate`]: "editor",
  [`GET ${M}/graph`]: "viewer",
  [`GET ${M}/export`]: "viewer",
  [`POST ${M}/import`]: "editor",
  [`GET ${M}/imports/:jobId`]: "editor",
  [`GET ${M}/history`]: "editor",

  [`GET ${M}/members`]: "owner",
  [`POST ${M}/members`]: "owner",
  [`PATCH ${M}/members/:userId`]: "owner",
  [`DELETE ${M}/members/:userId`]: "owner",
  [`GET ${M}/share-links`]: "owner",
  [`POST ${M}/share-links`]: "owner",
  [`DELETE ${M}/share-links/:linkId`]: "owner",

  [`GET ${M}/categories`]: "viewer",
  [`POST ${M}/categories`]: "editor",
  [`GET ${M}/categories/:categoryId`]: "viewer",
  [`PATCH ${M}/categories/:categoryId`]: "editor",
  [`DELETE ${M}/categories/:categoryId`]: "editor",

  ...crud("actors"),
  ...crud("needs"),
  ...crud("offerings"),
  ...crud("relationships"),
  [`GET ${M}/commitments`]: "viewer",
  [`POST ${M}/commitments`]: "editor",
  [`GET ${M}/commitments/:id`]: "viewer",
  [`PATCH ${M}/commitments/:id`]: "editor",

  [`GET ${M}/analysis/centrality`]: "viewer",
  [`GET ${M}/analysis/communities`]: "viewer",
  [`GET ${M}/analysis/structure`]: "viewer",
  [`GET ${M}/analysis/gaps`]: "viewer",
  [`GET ${M}/analysis/funding`]: "viewer",
  [`GET ${M}/analysis/summary`]: "viewer",
  [`GET ${M}/analysis/bridges`]: "viewer",
  [`GET ${M}/analysis/survey`]: "viewer",
  // A computation, not a write: it changes nothing.
  [`POST ${M}/analysis/allocation`]: "viewer",
  // An analysis that outlasted its request's budget; whoever may start one may follow or stop it.
  [`GET ${M}/analysis/jobs/:jobId`]: "viewer",
  [`DELETE ${M}/analysis/jobs/:jobId`]: "viewer",
  [`GET ${M}/needs/:needId/matches`]: "viewer",
  [`GET ${M}/offerings/:offeringId/matches`]: "viewer",

  // Viewers may follow a survey and read its rates; links (in the respondents' list and the CSV) and the staged
  // submissions (answers not yet on the map, protected respondents' free text among them) are editors'.
  [`GET ${M}/surveys`]: "viewer",
  [`POST ${M}/surveys`]: "editor",
  [`GET ${M}/surveys/:surveyId`]: "viewer",
  [`PATCH ${M}/surveys/:surveyId`]: "editor",
  [`DELETE ${M}/surveys/:surveyId`]: "editor",
  [`GET ${M}/surveys/:surveyId/respondents`]: "viewer",
  [`GET ${M}/surveys/:surveyId/links.csv`]: "editor",
  [`GET ${M}/surveys/:surveyId/submissions/:actorId`]: "editor",
  [`POST ${M}/surveys/:surveyId/submissions/:actorId/decide`]: "editor",
  [`POST ${M}/surveys/:surveyId/rounds`]: "editor",
  // The token in the path is the respondent's only credential: it opens its own form and nothing else.
  "GET /api/respond/:token": "anyone",
  "PUT /api/respond/:token/answers": "anyone",
  "POST /api/respond/:token/submit": "anyone",
};

function crud(resource: string): Record<string, AccessLevel> {
  return {
    [`GET ${M}/${resource}`]: "viewer",
    [`POST ${M}/${resource}`]: "editor",
    [`GET ${M}/${resource}/:id`]: "viewer",
    [`PATCH ${M}/${resource}/:id`]: "editor",
    [`DELETE ${M}/${resource}/:id`]: "editor",
  };
}

/** The entry of a route; HEAD answers as its GET. Undefined for a route the table does not name. */
export function routeAccess(method: string, url: string): AccessLevel | undefined {
  return ROUTE_ACCESS[`${method === "HEAD" ? "GET" : method} ${url}`];
}
