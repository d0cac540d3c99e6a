// Accounts and sharing over HTTP (sessions, passwords, API tokens, a map's members, visibility and share links), and
// the producers of the auth slice: which account page is on screen.
import { request, setCsrfToken } from "../api";
import { seg } from "../api/utils";
import type {
  ApiToken,
  ApiTokenCreate,
  ApiTokenCreated,
  AuthPage,
  AuthState,
  LoginAnswer,
  Member,
  MemberAdded,
  MemberInput,
  MapRole,
  Session,
  ShareLink,
  ShareLinkCreate,
  ShareLinkCreated,
  Visibility,
} from "./types";

export * from "./types";
export * from "./utils";

const m = (mapId: string) => `/api/maps/${seg(mapId)}`;

export const authApi = {
  /** Who is signed in; keeps the session's CSRF token for the writes that follow. */
  session: async (): Promise<Session> => {
    const session = await request<Session>("GET", "/api/auth/session");
    setCsrfToken(session.csrfToken);
    return session;
  },
  login: async (username: string, password: string): Promise<LoginAnswer> => {
    const answer = await request<LoginAnswer>("POST", "/api/auth/login", { username, password });
    setCsrfToken(answer.csrfToken);
    return answer;
  },
  logout: async (): Promise<void> => {
    await request<void>("POST", "/api/auth/logout");
    setCsrfToken(null);
  },
  changePassword: (currentPassword: string, newPassword: string) =>
    request<void>("POST", "/api/auth/password", { currentPassword, newPassword }),
  setPassword: (token: string, password: string) =>
    request<void>("POST", "/api/auth/set-password", { token, password }),

  tokens: () => request<ApiToken[]>("GET", "/api/auth/tokens"),
  createToken: (input: ApiTokenCreate) => request<ApiTokenCreated>("POST", "/api/auth/tokens", input),
  revokeToken: (id: string) => request<void>("DELETE", `/api/auth/tokens/${seg(id)}`),
};

export const sharingApi = {
  members: (mapId: string) => request<{ items: Member[] }>("GET", `${m(mapId)}/members`),
  addMember: (mapId: string, input: MemberInput) => request<MemberAdded>("POST", `${m(mapId)}/members`, input),
  setRole: (mapId: string, userId: string, role: MapRole) =>
    request<Member>("PATCH", `${m(mapId)}/members/${seg(userId)}`, { role }),
  removeMember: (mapId: string, userId: string) => request<void>("DELETE", `${m(mapId)}/members/${seg(userId)}`),

  setVisibility: (mapId: string, visibility: Visibility) => request<unknown>("PATCH", m(mapId), { visibility }),
  setRedactedTypes: (mapId: string, redactedTypes: string[]) => request<unknown>("PATCH", m(mapId), { redactedTypes }),
  shareLinks: (mapId: string) => request<{ items: ShareLink[] }>("GET", `${m(mapId)}/share-links`),
  createShareLink: (mapId: string, input: ShareLinkCreate) =>
    request<ShareLinkCreated>("POST", `${m(mapId)}/share-links`, input),
  revokeShareLink: (mapId: string, linkId: string) => request<void>("DELETE", `${m(mapId)}/share-links/${seg(linkId)}`),
};

export const openLogin =
  (message?: string) =>
  (s: AuthState): AuthState => ({ ...s, page: { kind: "login", message } });
export const openSetPassword =
  (token: string) =>
  (s: AuthState): AuthState => ({ ...s, page: { kind: "set-password", token } });
export const closeAuthPage =
  () =>
  (s: AuthState): AuthState =>
    s.page === null ? s : { ...s, page: null as AuthPage };
