// Privacy by default: which actors a viewer, share-link visitor or the public sees only under a pseudonym, and the
// pure rewriting of responses and exports that hides them. No Fastify and no driver here: plugins/redaction.ts
// decides who is redacted and feeds these the map.
export { DEFAULT_REDACTED_TYPES, isProtected, type ActorPrivacy } from "./policy";
export { PSEUDONYM_PREFIX, pseudonymCode, pseudonymId, pseudonymName, type PseudonymKind } from "./pseudonyms";
export {
  buildPlan,
  mentionsUnknown,
  MIN_ACTORS_PER_REGION,
  type CoarseLocation,
  type Owner,
  type PrivacySource,
  type RedactionPlan,
} from "./plan";
export { dropHiddenMatches, redact, redactString, unredact, unredactString } from "./redact";
