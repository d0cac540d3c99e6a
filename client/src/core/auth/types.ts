// Accounts, roles and sharing as the client sees them: who is signed in, the caller's reach on a map, its members,
// share links and API tokens (the shapes of the /api/auth, /members and /share-links answers).
import type { z } from "zod";
import type {
  ApiToken as ApiTokenSchema,
  ApiTokenCreated as ApiTokenCreatedSchema,
  AuthSession,
  MapRole as MapRoleSchema,
  Member as MemberSchema,
  MemberAdd,
  MemberAdded as MemberAddedSchema,
  ShareLink as ShareLinkSchema,
  ShareLinkCreate as ShareLinkCreateSchema,
  ShareLinkCreated as ShareLinkCreatedSchema,
  TokenCreate,
  User as UserSchema,
} from "../../../../server/schemas/auth";
import type { AtlasMap } from "../../../../server/schemas/domain";

export type { Visibility } from "../../../../server/schemas/auth";
export type MapRole = z.infer<typeof MapRoleSchema>;
/** The roles in rising order (the server's schema module is not bundled: it reaches into the server's auth code). */
export const MAP_ROLES = ["viewer", "editor", "owner"] as const satisfies readonly MapRole[];

/** How the caller reaches a map (`reach`), and whether what it reads is redacted. */
export type MapAccess = NonNullable<AtlasMap["access"]>;
export type MapReach = MapAccess["reach"];

export const VISIBILITIES = ["private", "link", "public"] as const;

export type User = z.output<typeof UserSchema>;
export type Session = z.output<typeof AuthSession>;
export interface LoginAnswer {
  user: User;
  csrfToken: string;
}
export type Member = z.output<typeof MemberSchema>;
export type MemberInput = z.input<typeof MemberAdd>;
/** `setPasswordUrl` is the one-time link of an account the addition created; null when it already existed. */
export type MemberAdded = z.output<typeof MemberAddedSchema>;
export type ShareLink = z.output<typeof ShareLinkSchema>;
/** The answer that creates a link: the only one that holds its token and URL (`/?map=<mapId>&share=<token>`). */
export type ShareLinkCreated = z.output<typeof ShareLinkCreatedSchema>;
export type ShareLinkCreate = z.input<typeof ShareLinkCreateSchema>;
export type ApiToken = z.output<typeof ApiTokenSchema>;
/** A token just created: the only answer that holds its secret. */
export type ApiTokenCreated = z.output<typeof ApiTokenCreatedSchema>;
export type ApiTokenCreate = z.input<typeof TokenCreate>;

/** The full-screen pages of accounts: signing in, and setting a password from a one-time link. */
export type AuthPage = { kind: "login"; message?: string } | { kind: "set-password"; token: string } | null;

export interface AuthState {
  page: AuthPage;
}
