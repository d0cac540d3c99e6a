// Accounts, their sessions, API tokens and one-time password links. Each write is one statement in one managed
// transaction; the uniqueness of usernames and secret hashes is kept by constraints (cypher/schema.cypher), so two
// people creating the same account at once get one 201 and one 409.
import { ConflictError, NotFoundError } from "../domain/errors";
import type { User } from "../schemas/auth";
import { newId, now, rows, type Row, type StoreSession } from "./session";
import type { ListResult, Page } from "./types";

export interface StoredUser extends User {
  passwordHash: string | null;
  failedLogins: number;
  /** Until when (epoch ms) failed logins keep the account locked. */
  lockedUntilMs: number | null;
}

export interface TokenGrant {
  token: { id: string; role: "viewer" | "editor" | "owner"; maps: string[] | null };
  user: { id: string; username: string; name: string; isAdmin: boolean };
}

export interface StoredToken {
  id: string;
  name: string;
  role: "viewer" | "editor" | "owner";
  maps: string[] | null;
  expiresAt: string | null;
  createdAt: string;
}

const toUser = (row: Row): StoredUser => {
  const u = row.user as Record<string, unknown>;
  return {
    id: u.id as string,
    username: u.username as string,
    name: u.name as string,
    isAdmin: Boolean(u.isAdmin),
    disabled: Boolean(u.disabled),
    passwordHash: (u.passwordHash as string | null) ?? null,
    failedLogins: (u.failedLogins as number | null) ?? 0,
    lockedUntilMs: (u.lockedUntilMs as number | null) ?? null,
  };
};

export const publicUser = ({ id, username, name, isAdmin, disabled }: StoredUser): User => ({
  id,
  username,
  name,
  isAdmin,
  disabled,
});

export class AccountRepository {
  constructor(private readonly session: StoreSession) {}

  async createUser(input: {
    username: string;
    name?: string;
    isAdmin: boolean;
    passwordHash: string | null;
  }): Promise<StoredUser> {
    try {
      const [row] = await this.session.write((tx) =>
        rows(tx, "account-user-create", {
          id: newId(),
          username: input.username,
          name: input.name ?? input.username,
          isAdmin: input.isAdmin,
          passwordHash: input.passwordHash,
          now: now(),
        }),
      );
      return toUser(row!);
    } catch (err) {
      if (err instanceof ConflictError) throw new ConflictError(`Account '${input.username}' already exists`);
      throw err;
    }
  }

  async findUser(by: { id?: string; username?: string }): Promise<StoredUser | null> {
    const [row] = await this.session.read((tx) =>
      rows(tx, "account-user-get", { id: by.id ?? null, username: by.username ?? null }),
    );
    return row ? toUser(row) : null;
  }

  async getUser(id: string): Promise<StoredUser> {
    const user = await this.findUser({ id });
    if (!user) throw new NotFoundError("Account", id);
    return user;
  }

  async listUsers(page: Page): Promise<ListResult<StoredUser>> {
    const result = await this.session.read((tx) => rows(tx, "account-user-list", page));
    return { items: result.map(toUser), total: (result[0]?.total as number | undefined) ?? 0, ...page };
  }

  async countUsers(): Promise<number> {
    const [row] = await this.session.read((tx) => rows(tx, "account-user-count", {}));
    return row!.total as number;
  }

  /** `dropSessions` signs the account out everywhere (a password change); disabling always does. */
  async updateUser(id: string, set: Record<string, unknown>, dropSessions = false): Promise<StoredUser> {
    const [row] = await this.session.write((tx) =>
      rows(tx, "account-user-update", { id, set, dropSessions, now: now() }),
    );
    if (!row) throw new NotFoundError("Account", id);
    return toUser(row);
  }

  /** Counts a failed login (locking the account for a while after several) or clears the count after a success. */
  async loginResult(id: string, ok: boolean): Promise<{ failedLogins: number; lockedUntilMs: number | null }> {
    const [row] = await this.session.write((tx) => rows(tx, "account-login-result", { id, ok, nowMs: Date.now() }));
    return {
      failedLogins: (row?.failedLogins as number | undefined) ?? 0,
      lockedUntilMs: (row?.lockedUntilMs as number | null | undefined) ?? null,
    };
  }

  async createPasswordSetup(userId: string, hash: string, expiresAt: string): Promise<void> {
    const [row] = await this.session.write((tx) =>
      rows(tx, "account-setup-create", { userId, hash, expiresAt, now: now() }),
    );
    if (!row) throw new NotFoundError("Account", userId);
  }

  /** Sets the password behind a one-time link and spends the link, in one transaction; null when it is not valid. */
  async usePasswordSetup(hash: string, passwordHash: string): Promise<string | null> {
    const [row] = await this.session.write((tx) => rows(tx, "account-setup-use", { hash, passwordHash, now: now() }));
    return (row?.userId as string | undefined) ?? null;
  }

  async getSession(id: string): Promise<string | null> {
    const [row] = await this.session.read((tx) => rows(tx, "account-session-get", { id, now: now() }));
    if (!row || row.disabled === true) return null;
    return row.data as string;
  }

  /** Saves a session; false when it was ended meanwhile (signed out), which a save never undoes. */
  async setSession(id: string, data: string, userId: string | null, expiresAt: string): Promise<boolean> {
    const saved = await this.session.write((tx) => rows(tx, "account-session-set", { id, data, userId, expiresAt }));
    return saved.length > 0;
  }

  async destroySession(id: string): Promise<void> {
    await this.session.write((tx) => rows(tx, "account-session-destroy", { id }));
  }

  async createToken(input: {
    userId: string;
    name: string;
    hash: string;
    role: string;
    maps: string[] | null;
    expiresAt: string | null;
  }): Promise<StoredToken> {
    const [row] = await this.session.write((tx) =>
      rows(tx, "account-token-create", { id: newId(), ...input, now: now() }),
    );
    return toToken(row!);
  }

  async findToken(hash: string): Promise<TokenGrant | null> {
    const [row] = await this.session.read((tx) => rows(tx, "account-token-find", { hash, now: now() }));
    return row ? (row as unknown as TokenGrant) : null;
  }

  async listTokens(userId: string): Promise<StoredToken[]> {
    return (await this.session.read((tx) => rows(tx, "account-token-list", { userId }))).map(toToken);
  }

  /** Deletes one of the account's tokens; returns its hash (so caches can forget it), or null when none. */
  async revokeToken(userId: string, id: string): Promise<string | null> {
    const [row] = await this.session.write((tx) => rows(tx, "account-token-revoke", { userId, id }));
    return (row?.hash as string | undefined) ?? null;
  }
}

function toToken(row: Row): StoredToken {
  const t = row.token as Record<string, unknown>;
  return {
    id: t.id as string,
    name: t.name as string,
    role: t.role as StoredToken["role"],
    maps: (t.maps as string[] | null) ?? null,
    expiresAt: (t.expiresAt as string | null) ?? null,
    createdAt: t.createdAt as string,
  };
}
