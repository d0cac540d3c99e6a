// The first start of an install: with no account yet, an admin is created, so that signing in needs nothing more
// than `npm start`. Its password is ATLAS_ADMIN_PASSWORD, or generated and printed once.
import { randomBytes } from "node:crypto";
import { ConflictError } from "../domain/errors";
import type { AccountRepository } from "../store/account-repository";
import { hashPassword } from "./secrets";

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
