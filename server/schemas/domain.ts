// The domain model. These zod schemas are the single source of truth: request validation, TypeScript
// types (z.infer) and the OpenAPI document are all derived from them.
import { z } from "zod";
import {
  ACTIVE_COMMITMENT_STATUSES,
  COMMITMENT_STATUSES,
  COMMITMENT_TRANSITIONS,
  IN_FLIGHT_COMMITMENT_STATUSES,
  INITIAL_COMMITMENT_STATUSES,
} from "../domain/commitments";
import { isOpenNeed, NEED_STATUSES, OFFERING_STATUSES } from "../domain/fit";
import { ID_MAX_LENGTH, ID_PATTERN } from "../domain/ids";
import { PRIORITIES, PRIORITY_ORDER } from "../domain/priority";
import { categoryLineage } from "../domain/taxonomy";
import {
  COMMON_CURRENCIES,
  COUNT_UNITS,
  defaultUnitFor,
  formatAmount,
  isCurrency,
  isUnit,
  UNIT_MESSAGE,
} from "../domain/units";
import { ACTOR_TYPES, MODALITIES, RELATIONSHIP_TYPES, UNDIRECTED_TYPES } from "../domain/vocabulary";

export const Id = z
  .string()
  .min(1)
  .max(ID_MAX_LENGTH)
  .regex(ID_PATTERN, "must be URL-safe: letters, digits, '_', '.', '-'");

/** A category id is its path in the taxonomy, e.g. `technology/devices`. */
export const CategoryPath = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9_-]*)*$/, "must be a lower-case path such as technology/devices");

export const IsoDate = z.iso.date();
export const Timestamp = z.iso.datetime();

export const ActorType = z.enum(ACTOR_TYPES);
export const RelationshipType = z.enum(RELATIONSHIP_TYPES);
export { ACTOR_TYPES, RELATIONSHIP_TYPES, UNDIRECTED_TYPES };
// Domain rules the client applies to what it shows, so the map and the API never disagree.
export { ACTIVE_COMMITMENT_STATUSES, IN_FLIGHT_COMMITMENT_STATUSES, categoryLineage, isOpenNeed, PRIORITY_ORDER };
export { COMMITMENT_TRANSITIONS };
// Units, so the edit forms offer the same list the API accepts and amounts read the same everywhere.
export { COMMON_CURRENCIES, COUNT_UNITS, defaultUnitFor, formatAmount, isUnit };

export const Priority = z.enum(PRIORITIES);
export const NeedStatus = z.enum(NEED_STATUSES);
export const OfferingStatus = z.enum(OFFERING_STATUSES);
export const Modality = z.enum(MODALITIES);

// Invisible characters in a name make two entries look alike or reorder the text around them on screen (a
// right-to-left override), and NUL breaks exports; a description may still break lines and indent.
const NAME_FORBIDDEN = /[\u0000-\u001F\u007F\u202A-\u202E\u2066-\u2069]/;
const TEXT_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const NO_CONTROL_CHARACTERS = {
  message: "must not contain control characters or bidirectional overrides",
};
const Name = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((s) => !NAME_FORBIDDEN.test(s), NO_CONTROL_CHARACTERS);
const Description = z
  .string()
  .max(5000)
  .refine((s) => !TEXT_FORBIDDEN.test(s), {
    message: "must not contain control characters other than tab and newline",
  });
/** A count unit or a currency's ISO 4217 code: amounts of different units are never compared or added. */
export const Unit = z
  .string()
  .refine(isUnit, { message: UNIT_MESSAGE })
  .meta({ description: `${COUNT_UNITS.join(", ")}, or a currency as its ISO 4217 code (USD, EUR, GBP...)` });

export const Location = z.object({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  address: z.string().max(500).optional(),
  region: z.string().max(100).optional(),
});

/** Free attributes such as `students: 450`: flat scalars only, so they store as Neo4j properties. */
export const Attributes = z
  .record(
    z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "attribute names are identifiers")
      // Names an object already has (toString, constructor...) would shadow them wherever attributes are read.
      .refine((k) => !(k in Object.prototype) && k !== "prototype", "this attribute name is reserved"),
    z.union([z.string().max(1000), z.number(), z.boolean()]),
  )
  .refine((a) => Object.keys(a).length <= 50, "at most 50 attributes");

export const Tags = z.array(Name.max(50)).max(30);

// ---- Map ----------------------------------------------------------------------------------------

/** Who reaches a map besides its members: nobody (private), anyone holding a share link, or everyone. */
export const Visibility = z.enum(["private", "link", "public"]);
export const MapCreate = z.object({
  id: Id.optional(),
  name: Name,
  description: Description.default(""),
  visibility: Visibility.default("private"),
});
/** The actor types a map shows to viewers, share-link visitors and the public only under pseudonyms. */
const RedactedTypes = z.array(ActorType).max(ACTOR_TYPES.length);
export const MapPatch = z
  .object({ name: Name, description: Description, visibility: Visibility, redactedTypes: RedactedTypes })
  .partial()
  .strict();
export const AtlasMap = z.object({
  id: Id,
  name: z.string(),
  description: z.string(),
  visibility: Visibility,
  /** Always read from the store (the default when never set); optional for maps built by hand, as in tests. */
  redactedTypes: RedactedTypes.optional(),
  /** The caller's reach into the map, and whether what it reads is redacted. */
  access: z
    .object({ reach: z.enum(["viewer", "editor", "owner", "link", "public"]), redacted: z.boolean() })
    .optional(),
  version: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  counts: z.object({
    actors: z.number().int(),
    needs: z.number().int(),
    offerings: z.number().int(),
    relationships: z.number().int(),
  }),
  /**
   * An import into the map that is running, or that was interrupted part way and left the map holding part of it:
   * importing the same file again finishes it (imports replace items by id). Null otherwise.
   */
  import: z
    .object({
      status: z.enum(["running", "interrupted"]),
      jobId: z.string(),
      startedAt: Timestamp,
      done: z.number().int().describe("Items written"),
      total: z.number().int().describe("Items the import holds (0 until its files are read)"),
    })
    .nullable()
    .optional(),
});

// ---- Category -----------------------------------------------------------------------------------

export const CategoryInput = z.object({
  id: CategoryPath,
  name: Name,
  parent: CategoryPath.optional(),
  /** The unit needs and offerings of this category (and of sub-categories without one) are counted in by default. */
  unit: Unit.optional(),
});
export const CategoryPatch = z.object({ name: Name, unit: Unit }).partial().strict();
export const Category = z.object({
  id: CategoryPath,
  name: z.string(),
  parent: CategoryPath.optional(),
  unit: Unit.optional(),
});

// ---- Actor --------------------------------------------------------------------------------------

/**
 * A web address a browser may follow from the map: http(s) only, so that a `javascript:`, `data:` or `vbscript:`
 * address stored in the map never runs when someone clicks it.
 */
export const WebUrl = z.url({ protocol: /^https?$/, error: "must be an http:// or https:// address" }).max(2000);

const actorFields = {
  name: Name,
  type: ActorType,
  description: Description.default(""),
  tags: Tags.default([]),
  location: Location.optional(),
  attributes: Attributes.default({}),
  url: WebUrl.optional(),
  /** Shown to viewers, share-link visitors and the public only under a pseudonym (server/privacy); absent is false. */
  sensitive: z.boolean().optional(),
};
export const ActorInput = z.object({ id: Id.optional(), ...actorFields }).strict();
export const ActorPatch = z
  .object({
    name: Name,
    type: ActorType,
    description: Description,
    tags: Tags,
    location: Location.nullable(),
    attributes: Attributes,
    url: WebUrl.nullable(),
    sensitive: z.boolean(),
  })
  .partial()
  .strict();
export const Actor = z.object({
  id: Id,
  ...actorFields,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

// ---- Provenance ---------------------------------------------------------------------------------

/** Where an item or a tie came from when a survey's answer put it on the map: which answer, accepted by whom. */
export const Provenance = z.object({
  surveyId: Id,
  round: z.number().int(),
  respondentId: Id,
  acceptedAt: Timestamp,
  acceptedBy: z.string(),
});

// ---- Need ---------------------------------------------------------------------------------------

const needFields = {
  actorId: Id,
  category: CategoryPath,
  title: Name,
  description: Description.default(""),
  quantity: z.number().positive().max(1e12),
  priority: Priority,
  status: NeedStatus.default("open"),
  dueDate: IsoDate.optional(),
};
/** Without a unit, the store counts the item in its category's default unit (server/domain/units.ts defaultUnitFor). */
export const NeedInput = z.object({ id: Id.optional(), ...needFields, unit: Unit.optional() }).strict();
export const NeedPatch = z
  .object({
    category: CategoryPath,
    title: Name,
    description: Description,
    quantity: z.number().positive().max(1e12),
    unit: Unit,
    priority: Priority,
    status: NeedStatus,
    dueDate: IsoDate.nullable(),
  })
  .partial()
  .strict();
export const Need = z.object({
  id: Id,
  ...needFields,
  unit: Unit,
  provenance: Provenance.optional(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

// ---- Offering -----------------------------------------------------------------------------------

const offeringFields = {
  actorId: Id,
  category: CategoryPath,
  title: Name,
  description: Description.default(""),
  capacity: z.number().positive().max(1e12),
  modality: Modality,
  /** How far an in-person offering travels; absent means no stated limit. */
  reachKm: z.number().nonnegative().max(20000).optional(),
  status: OfferingStatus.default("available"),
  validFrom: IsoDate.optional(),
  validUntil: IsoDate.optional(),
};
/** Dates are ISO `YYYY-MM-DD`, so comparing the strings compares the days. */
function inOrder(first: string | null | undefined, last: string | null | undefined): boolean {
  return !first || !last || first <= last;
}
const VALID_UNTIL_ORDER = { path: ["validUntil"], message: "must be on or after validFrom" };
export const OfferingInput = z
  .object({ id: Id.optional(), ...offeringFields, unit: Unit.optional() })
  .strict()
  .refine((o) => inOrder(o.validFrom, o.validUntil), VALID_UNTIL_ORDER);
export const OfferingPatch = z
  .object({
    category: CategoryPath,
    title: Name,
    description: Description,
    capacity: z.number().positive().max(1e12),
    unit: Unit,
    modality: Modality,
    reachKm: z.number().nonnegative().max(20000).nullable(),
    status: OfferingStatus,
    validFrom: IsoDate.nullable(),
    validUntil: IsoDate.nullable(),
  })
  .partial()
  .strict()
  // Against the stored end too, inside the write (item-repository.ts update).
  .refine((o) => inOrder(o.validFrom, o.validUntil), VALID_UNTIL_ORDER);
export const Offering = z.object({
  id: Id,
  ...offeringFields,
  unit: Unit,
  /** Amount held by active commitments; remaining capacity is capacity - committed. */
  committed: z.number().nonnegative().default(0),
  provenance: Provenance.optional(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

// ---- Relationship -------------------------------------------------------------------------------

/** Money's unit: an upper-case ISO 4217 code, the same codes a need or offering may be counted in. */
export const Currency = z
  .string()
  .refine(isCurrency, { message: "must be an upper-case ISO 4217 currency code (USD, EUR, GBP...)" })
  .meta({ description: "ISO 4217 currency code, upper case (USD, EUR, GBP...)" });

const relationshipFields = {
  from: Id,
  to: Id,
  type: RelationshipType,
  /** Tie strength; larger is stronger. */
  weight: z.number().positive().max(1e6).default(1),
  /** Money for `funds` ties. */
  amount: z.number().nonnegative().max(1e15).optional(),
  /** What `amount` is counted in; a tie's amounts are only added to amounts of the same currency. */
  currency: Currency.optional(),
  since: IsoDate.optional(),
  until: IsoDate.optional(),
};
// A currency describes an amount: alone it says nothing, so it is refused rather than kept for a later amount.
const CURRENCY_WITHOUT_AMOUNT = { path: ["currency"], message: "a currency needs an amount" };
const UNTIL_ORDER = { path: ["until"], message: "must be on or after since" };
export const RelationshipInput = z
  .object({ id: Id.optional(), ...relationshipFields })
  .strict()
  .refine((r) => r.currency === undefined || r.amount !== undefined, CURRENCY_WITHOUT_AMOUNT)
  .refine((r) => inOrder(r.since, r.until), UNTIL_ORDER);
/** Removing the amount removes its currency too; setting a currency on a tie without an amount is refused (400). */
export const RelationshipPatch = z
  .object({
    weight: z.number().positive().max(1e6),
    amount: z.number().nonnegative().max(1e15).nullable(),
    currency: Currency.nullable(),
    since: IsoDate.nullable(),
    until: IsoDate.nullable(),
  })
  .partial()
  .strict()
  .refine((p) => typeof p.currency !== "string" || p.amount !== null, CURRENCY_WITHOUT_AMOUNT)
  // Against the stored end too, inside the write (relationship-repository.ts update).
  .refine((p) => inOrder(p.since, p.until), UNTIL_ORDER);
export const Relationship = z.object({
  id: Id,
  ...relationshipFields,
  directed: z.boolean(),
  /** The actors whose accepted survey answers named this tie: both ends means the tie is confirmed. */
  reportedBy: z.array(Id).optional(),
  provenance: Provenance.optional(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

// ---- Commitment ---------------------------------------------------------------------------------

export const CommitmentStatus = z.enum(COMMITMENT_STATUSES);

const Who = Name;
export const CommitmentEvent = z.object({
  status: CommitmentStatus,
  by: Who,
  at: Timestamp,
  note: z.string().max(1000).optional(),
});

export const CommitmentInput = z
  .object({
    id: Id.optional(),
    offeringId: Id,
    needId: Id,
    amount: z.number().positive().max(1e12),
    status: z.enum(INITIAL_COMMITMENT_STATUSES).default("proposed"),
    /** Who made the change, e.g. the facilitator's name or e-mail. */
    by: Who.default("anonymous"),
    note: z.string().max(1000).optional(),
  })
  .strict();
export const CommitmentPatch = z
  .object({ status: CommitmentStatus, by: Who.default("anonymous"), note: z.string().max(1000).optional() })
  .strict();
export const Commitment = z.object({
  id: Id,
  offeringId: Id,
  needId: Id,
  amount: z.number(),
  /** The unit of the offering and the need, which must agree. */
  unit: Unit,
  status: CommitmentStatus,
  history: z.array(CommitmentEvent),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
/** A commitment as bundles carry it: its whole history travels with it. */
export const BundleCommitment = z
  .object({
    id: Id,
    offeringId: Id,
    needId: Id,
    amount: z.number().positive().max(1e12),
    /** Derived from the offering when absent; when given, it must be the offering's and the need's unit. */
    unit: Unit.optional(),
    status: CommitmentStatus,
    history: z.array(CommitmentEvent).max(100).default([]),
  })
  .strict();

// ---- Bundle (import / export) -------------------------------------------------------------------

const MAX_BUNDLE_ITEMS = 200_000;
/** The JSON exchange format: import upserts by id; export returns the same shape, so it round-trips. */
export const Bundle = z
  .object({
    categories: z.array(CategoryInput).max(10_000).default([]),
    actors: z
      .array(ActorInput.extend({ id: Id }))
      .max(MAX_BUNDLE_ITEMS)
      .default([]),
    relationships: z
      .array(RelationshipInput)
      .max(MAX_BUNDLE_ITEMS * 5)
      .default([]),
    needs: z
      .array(NeedInput.extend({ id: Id }))
      .max(MAX_BUNDLE_ITEMS)
      .default([]),
    offerings: z
      // safeExtend keeps the date-order refinement.
      .array(OfferingInput.safeExtend({ id: Id }))
      .max(MAX_BUNDLE_ITEMS)
      .default([]),
    commitments: z.array(BundleCommitment).max(MAX_BUNDLE_ITEMS).default([]),
  })
  .strict();

export type ActorType = z.infer<typeof ActorType>;
export type RelationshipType = z.infer<typeof RelationshipType>;
export type Priority = z.infer<typeof Priority>;
export type Location = z.infer<typeof Location>;
export type MapCreate = z.infer<typeof MapCreate>;
export type MapPatch = z.infer<typeof MapPatch>;
export type AtlasMap = z.infer<typeof AtlasMap>;
export type CategoryInput = z.infer<typeof CategoryInput>;
export type CategoryPatch = z.infer<typeof CategoryPatch>;
export type Category = z.infer<typeof Category>;
export type ActorInput = z.infer<typeof ActorInput>;
export type ActorPatch = z.infer<typeof ActorPatch>;
export type Actor = z.infer<typeof Actor>;
export type NeedInput = z.infer<typeof NeedInput>;
export type NeedPatch = z.infer<typeof NeedPatch>;
export type Need = z.infer<typeof Need>;
export type Provenance = z.infer<typeof Provenance>;
export type OfferingInput = z.infer<typeof OfferingInput>;
export type OfferingPatch = z.infer<typeof OfferingPatch>;
export type Offering = z.infer<typeof Offering>;
export type RelationshipInput = z.infer<typeof RelationshipInput>;
export type RelationshipPatch = z.infer<typeof RelationshipPatch>;
export type Relationship = z.infer<typeof Relationship>;
export type CommitmentStatus = z.infer<typeof CommitmentStatus>;
export type CommitmentInput = z.infer<typeof CommitmentInput>;
export type CommitmentPatch = z.infer<typeof CommitmentPatch>;
export type Commitment = z.infer<typeof Commitment>;
export type Bundle = z.infer<typeof Bundle>;
/** What a caller sends: defaults not yet applied. */
export type BundleInput = z.input<typeof Bundle>;

// ---- Graph view ---------------------------------------------------------------------------------

/** The whole map in one response, for the map view. */
export const GraphView = z.object({
  map: AtlasMap,
  categories: z.array(Category),
  actors: z.array(Actor),
  relationships: z.array(Relationship),
  needs: z.array(Need),
  offerings: z.array(Offering),
  commitments: z.array(Commitment),
});
export type GraphView = z.infer<typeof GraphView>;
