// One-time links that set an account's password: for a new account (made by an admin or by a map owner adding a
// member) and for an admin's reset. The link carries the secret; the store keeps its hash.
import type { AccountRepository } from "../store/account-repository";
import { hashSecret, newSecret } from "./secrets";

const LINK_DAYS = 7;

export async function passwordLink(accounts: AccountRepository, userId: string) {
  const token = newSecret();
  const expiresAt = new Date(Date.now() + LINK_DAYS * 86_400_000).toISOString();
  await accounts.createPasswordSetup(userId, hashSecret(token), expiresAt);
  return { setPasswordUrl: `/?set-password=${token}`, expiresAt };
}
