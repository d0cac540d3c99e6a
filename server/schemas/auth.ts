// Accounts, API tokens, map members and share links: what the API takes and answers. Secrets (passwords, token and
// link values) travel only in requests and in the one answer that creates them; the store keeps hashes.
import { z } from "zod";
import { MAP_ROLES } from "../domain/vocabulary";
import { Id, Timestamp, Visibility } from "./domain";

const named = <T extends z.ZodType>(schema: T, id: string): T => {
  z.globalRegistry.add(schema, { id });
  return schema;
};

export const MapRole = z.enum(MAP_ROLES);
export { Visibility };
export type Visibility = z.infer<typeof Visibility>;

export const Username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._@-]{1,62}$/, "2-63 letters, digits or . _ @ -, starting with a letter or digit");
export const Password = z.string().min(10, "at least 10 characters").max(200);
const DisplayName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine((s) => !/[\p{Cc}\u202a-\u202e\u2066-\u2069]/u.test(s), "control and direction characters are not allowed");

export const User = named(
  z.object({ id: z.string(), username: z.string(), name: z.string(), isAdmin: z.boolean(), disabled: z.boolean() }),
  "User",
);
export type User = z.infer<typeof User>;

export const Login = named(z.object({ username: Username, password: z.string().min(1).max(200) }).strict(), "Login");
export const AuthSession = named(z.object({ user: User.nullable(), csrfToken: z.string().nullable() }), "AuthSession");
export const PasswordChange = named(
  z.object({ currentPassword: z.string().min(1).max(200), newPassword: Password }).strict(),
  "PasswordChange",
);
export const PasswordSet = named(
  z.object({ token: z.string().min(20).max(200), password: Password }).strict(),
  "PasswordSet",
);

export const UserCreate = named(
  z.object({ username: Username, name: DisplayName.optional(), isAdmin: z.boolean().default(false) }).strict(),
  "UserCreate",
);
export const UserPatch = named(
  z.object({ disabled: z.boolean(), isAdmin: z.boolean(), name: DisplayName }).partial().strict(),
  "UserPatch",
);
/** A one-time link that sets an account's password (new accounts, resets): shown once, to whoever made it. */
export const PasswordLink = named(
  z.object({ user: User, setPasswordUrl: z.string(), expiresAt: Timestamp }),
  "PasswordLink",
);
export const UserParams = z.object({ userId: z.string().min(1).max(100) });

const FutureTimestamp = Timestamp.refine((t) => Date.parse(t) > Date.now(), "must be in the future");

export const TokenCreate = named(
  z
    .object({
      name: DisplayName,
      role: MapRole.default("viewer"),
      /** The maps the token reaches (of those its account reaches); all of them when absent. */
      maps: z.array(Id).min(1).max(100).optional(),
      expiresAt: FutureTimestamp.optional(),
    })
    .strict(),
  "TokenCreate",
);
export const ApiToken = named(
  z.object({
    id: z.string(),
    name: z.string(),
    role: MapRole,
    maps: z.array(z.string()).nullable(),
    expiresAt: Timestamp.nullable(),
    createdAt: Timestamp,
  }),
  "ApiToken",
);
export const ApiTokenCreated = named(ApiToken.extend({ token: z.string() }), "ApiTokenCreated");
export const TokenParams = z.object({ tokenId: z.string().min(1).max(100) });

export const Member = named(
  z.object({ userId: z.string(), username: z.string(), name: z.string(), role: MapRole }),
  "Member",
);
export const MemberAdd = named(
  z.object({ username: Username, role: MapRole, name: DisplayName.optional() }).strict(),
  "MemberAdd",
);
export const MemberPatch = named(z.object({ role: MapRole }).strict(), "MemberPatch");
export const MemberAdded = named(z.object({ member: Member, setPasswordUrl: z.string().nullable() }), "MemberAdded");
export const MemberParams = z.object({ mapId: Id, userId: z.string().min(1).max(100) });

export const ShareLinkCreate = named(
  z.object({ label: DisplayName.optional(), expiresAt: FutureTimestamp.optional() }).strict(),
  "ShareLinkCreate",
);
export const ShareLink = named(
  z.object({ id: z.string(), label: z.string().nullable(), expiresAt: Timestamp.nullable(), createdAt: Timestamp }),
  "ShareLink",
);
export const ShareLinkCreated = named(ShareLink.extend({ token: z.string(), url: z.string() }), "ShareLinkCreated");
export const ShareLinkParams = z.object({ mapId: Id, linkId: z.string().min(1).max(100) });
