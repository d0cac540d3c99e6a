// The first start of an install: with no account yet, an admin is created, so that signing in needs nothing more
// than `npm start`. Its password is ATLAS_ADMIN_PASSWORD, or generated and printed once.
import { randomBytes } from "node:crypto";
import { ConflictError } from "../domain/errors";
import type { AccountRepository } from "../store/account-repository";
import { hashPassword, hashSecret, newSecret } from "./secrets";

export const FIRST_ADMIN = "admin";

/** Creates the first admin when there is no account; returns its password when generated (to print), else null. */
export async function ensureFirstAdmin(
  accounts: AccountRepository,
  password: string | undefined,
): Promise<{ created: boolean; generated: string | null }> {
  if ((await accounts.countUsers()) > 0) return { created: false, generated: null };
  const generated = password ? null : randomBytes(12).toString("base64url");
  try {
    await accounts.createUser({
      username: FIRST_ADMIN,
      name: "Administrator",
      isAdmin: true,
      passwordHash: await hashPassword(password ?? generated!),
    });
  } catch (err) {
    // Another API process starting at the same moment made it first.
    if (err instanceof ConflictError) return { created: false, generated: null };
    throw err;
  }
  return { created: true, generated };
}

/**
 * An admin account with an unrestricted API token, made straight in the store: for programs that run beside it
 * with its credentials (the benchmarks, the test suites) and need to call the API as someone.
 */
export async function adminWithToken(
  accounts: AccountRepository,
  username: string,
  password: string,
): Promise<{ userId: string; token: string }> {
  const user = await accounts.createUser({ username, isAdmin: true, passwordHash: await hashPassword(password) });
  const token = newSecret("atl_");
  await accounts.createToken({
    userId: user.id,
    name: username,
    hash: hashSecret(token),
    role: "owner",
    maps: null,
    expiresAt: null,
  });
  return { userId: user.id, token };
}
