// Which actors a redacted reader sees only under a pseudonym: those of the types the map protects (families and
// individuals unless its owners chose otherwise) and any actor marked sensitive, whatever its type.
import type { ActorType } from "../domain/vocabulary";

/** What a map protects until its owners change it (PATCH /api/maps/:mapId {redactedTypes}). */
export const DEFAULT_REDACTED_TYPES: readonly ActorType[] = ["family", "individual"];

export interface ActorPrivacy {
  type: ActorType;
  sensitive?: boolean;
}

export function isProtected(actor: ActorPrivacy, redactedTypes: readonly ActorType[]): boolean {
  return actor.sensitive === true || redactedTypes.includes(actor.type);
}
