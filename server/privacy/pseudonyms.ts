// Stable pseudonyms: an HMAC-SHA256 of the item's kind and id under the map's own secret key, cut to 5 base32
// characters. The same actor keeps its pseudonym across requests, exports and restarts; without the key (stored on
// the map node, never sent) nobody can test a guessed id such as `family-garcia` against it.
import { createHmac } from "node:crypto";
import type { ActorType } from "../domain/vocabulary";
import { ACTOR_TYPE_LABELS } from "../formats/synonyms";

export type PseudonymKind = "actor" | "need" | "offering" | "relationship" | "commitment";

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
export const PSEUDONYM_PREFIX = "anon-";

/** How a pseudonym names the actor's type: plain words a reader takes for a placeholder. */
const LABELS: Record<ActorType, string> = ACTOR_TYPE_LABELS;

/** `length` base32 characters (5 bits each) of the HMAC; longer codes only settle a collision inside one map. */
export function pseudonymCode(key: string, kind: PseudonymKind, id: string, length = 5): string {
  const digest = createHmac("sha256", key).update(`${kind}:${id}`).digest();
  let code = "";
  for (let i = 0; i < length; i++) {
    const bit = i * 5;
    const byte = bit >> 3;
    const word = (digest[byte]! << 8) | (digest[byte + 1] ?? 0);
    code += BASE32[(word >> (11 - (bit & 7))) & 31];
  }
  return code;
}

export const pseudonymId = (code: string) => `${PSEUDONYM_PREFIX}${code}`;
export const pseudonymName = (type: ActorType, code: string) => `${LABELS[type]} ${code}`;
