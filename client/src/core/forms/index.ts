// Forms: drafts, conversions and validation with the API's own zod schemas.
export {
  ActorInput,
  ActorPatch,
  NeedInput,
  NeedPatch,
  OfferingInput,
  OfferingPatch,
  RelationshipInput,
  RelationshipPatch,
  MapCreate,
  ACTOR_TYPES,
  RELATIONSHIP_TYPES,
  Priority,
  NeedStatus,
  OfferingStatus,
  Modality,
  COUNT_UNITS,
  COMMON_CURRENCIES,
  defaultUnitFor,
  formatAmount,
} from "../../../../server/schemas/domain";
export * from "./drafts";
export * from "./types";
export * from "./utils";
