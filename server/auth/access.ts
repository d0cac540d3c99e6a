// The access rule, as pure functions: from the caller, the route's level and the map's reach to an answer. Private
// maps answer 404 to whoever may not see them, so their existence does not show.
import type { MapAccess, MapRole, Principal } from "./context";
import type { AccessLevel } from "./route-access";

const RANK: Record<MapRole, number> = { viewer: 1, editor: 2, owner: 3 };

/** What an API token allows on top of its account: a role ceiling and, optionally, a list of maps. */
export interface TokenScope {
  role: MapRole;
  maps: readonly string[] | null;
}

export interface Caller {
  principal: Principal;
  scope: TokenScope | null;
}

export interface MapFacts {
  visibility: "private" | "link" | "public";
  /** The caller's own role in the map, if it is a member. */
  role: MapRole | null;
  /** Whether the caller presented a live share link of this map. */
  shared: boolean;
}

/** Site administration through a token needs an unrestricted owner token. */
export const actsAsAdmin = ({ principal, scope }: Caller): boolean =>
  principal.isAdmin && (scope === null || (scope.role === "owner" && scope.maps === null));

/** How far the caller reaches into a map, or null when it may not see it at all. */
export function reachOf(caller: Caller, mapId: string, facts: MapFacts): MapAccess | null {
  let role: MapRole | null = actsAsAdmin(caller) ? "owner" : facts.role;
  const { scope } = caller;
  if (role && scope) {
    if (scope.maps && !scope.maps.includes(mapId)) role = null;
    else if (RANK[scope.role] < RANK[role]) role = scope.role;
  }
  if (role) return { mapId, reach: role, redacted: role === "viewer" };
  if (facts.visibility === "public") return { mapId, reach: "public", redacted: true };
  if (facts.visibility === "link" && facts.shared) return { mapId, reach: "link", redacted: true };
  return null;
}

/** 401 asks the caller to sign in, 403 says its account may not, 404 hides a map; null lets the request through. */
export function refusal(level: AccessLevel, caller: Caller, access?: MapAccess | null): 401 | 403 | 404 | null {
  const signedIn = caller.principal.userId !== null;
  switch (level) {
    case "anyone":
      return null;
    case "account":
      return signedIn ? null : 401;
    case "admin":
      return !signedIn ? 401 : actsAsAdmin(caller) ? null : 403;
    default: {
      if (!access) return 404;
      const role = access.reach === "link" || access.reach === "public" ? null : access.reach;
      if (level === "viewer" || (role && RANK[role] >= RANK[level])) return null;
      return signedIn ? 403 : 401;
    }
  }
}
