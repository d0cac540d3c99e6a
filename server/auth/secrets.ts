// Passwords are hashed with argon2id (a maintained native binding, run off the event loop); every other secret
// (session ids, API tokens, share links, one-time password links) is 32 random bytes, kept only as its SHA-256.
import { createHash, randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";

export const hashPassword = (password: string): Promise<string> => hash(password);

// Verifying against this when the account does not exist takes as long as a real check, so timing tells nothing.
const NO_ACCOUNT = hash("no account has this password");

export async function verifyPassword(passwordHash: string | null | undefined, password: string): Promise<boolean> {
  if (!passwordHash) {
    await verify(await NO_ACCOUNT, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}

/** A new secret; the prefix says what it is when one turns up in a log or a script (`atl_` for API tokens). */
export const newSecret = (prefix = ""): string => prefix + randomBytes(32).toString("base64url");

export const hashSecret = (secret: string): string => createHash("sha256").update(secret).digest("hex");
