// The domain's fixed vocabularies. The zod schemas build their enums from these lists, so the rules below
// and the validation can never name different values.

export const ACTOR_TYPES = [
  "school",
  "university",
  "nonprofit",
  "business",
  "government",
  "community_group",
  "family",
  "family_group",
  "funder",
  "health_provider",
  "library",
  "museum",
  "individual",
  "other",
] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

export const RELATIONSHIP_TYPES = [
  "partners_with",
  "funds",
  "mentors",
  "supplies",
  "member_of",
  "refers_to",
  "volunteers_at",
] as const;
export type RelationshipType = (typeof RELATIONSHIP_TYPES)[number];

/** Ties that are mutual by nature; the others point from the actor that gives to the one that receives. */
export const UNDIRECTED_TYPES: ReadonlySet<RelationshipType> = new Set(["partners_with"]);

export const MODALITIES = ["in_person", "remote", "both"] as const;
export type Modality = (typeof MODALITIES)[number];

/** A member's role in a map, weakest first: viewers read and analyse, editors change data, owners also run the map. */
export const MAP_ROLES = ["viewer", "editor", "owner"] as const;
export type MapRole = (typeof MAP_ROLES)[number];
