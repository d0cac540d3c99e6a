// Request and response shapes of the HTTP API, built from the domain schemas. Named schemas are
// registered so the OpenAPI document refers to them as components.
import { z } from "zod";
import * as d from "./domain";

const named = <T extends z.ZodType>(schema: T, id: string): T => {
  z.globalRegistry.add(schema, { id });
  return schema;
};

export const Map = named(d.AtlasMap, "Map");
export const MapCreate = named(d.MapCreate, "MapCreate");
export const MapPatch = named(d.MapPatch, "MapPatch");
/** A copy of a map: its own id (generated when absent) and name; the description is the original's unless given. */
export const MapDuplicate = named(
  z.object({ id: d.Id.optional(), name: d.MapCreate.shape.name, description: d.MapPatch.shape.description }).strict(),
  "MapDuplicate",
);
export const Category = named(d.Category, "Category");
export const CategoryInput = named(d.CategoryInput, "CategoryCreate");
export const CategoryPatch = named(d.CategoryPatch, "CategoryPatch");
export const Actor = named(d.Actor, "Actor");
export const ActorInput = named(d.ActorInput, "ActorCreate");
export const ActorPatch = named(d.ActorPatch, "ActorPatch");
export const Need = named(d.Need, "Need");
export const NeedInput = named(d.NeedInput, "NeedCreate");
export const NeedPatch = named(d.NeedPatch, "NeedPatch");
export const Offering = named(d.Offering, "Offering");
export const OfferingInput = named(d.OfferingInput, "OfferingCreate");
export const OfferingPatch = named(d.OfferingPatch, "OfferingPatch");
export const Relationship = named(d.Relationship, "Relationship");
export const RelationshipInput = named(d.RelationshipInput, "RelationshipCreate");
export const RelationshipPatch = named(d.RelationshipPatch, "RelationshipPatch");
export const Commitment = named(d.Commitment, "Commitment");
export const CommitmentInput = named(d.CommitmentInput, "CommitmentCreate");
export const CommitmentPatch = named(d.CommitmentPatch, "CommitmentPatch");
export const Bundle = named(d.Bundle, "Bundle");
export const GraphView = named(d.GraphView, "GraphView");

export const ErrorResponse = named(
  z.object({
    statusCode: z.number().int(),
    error: z.string(),
    message: z.string(),
    issues: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  }),
  "Error",
);

export const MapParams = z.object({ mapId: d.Id });
export const ItemParams = z.object({ mapId: d.Id, id: d.Id });
export const CategoryParams = z.object({ mapId: d.Id, categoryId: d.CategoryPath });

const Limit = z.coerce.number().int().min(1).max(1000).default(100);
const Offset = z.coerce.number().int().min(0).max(10_000_000).default(0);
const Q = z.string().trim().min(1).max(200).optional();
export const PageQuery = z.object({ limit: Limit, offset: Offset }).strict();
export const ActorQuery = z
  .object({
    limit: Limit,
    offset: Offset,
    type: d.ActorType.optional(),
    region: z.string().max(100).optional(),
    tag: z.string().max(50).optional(),
    category: d.CategoryPath.optional(),
    q: Q,
  })
  .strict();
export const NeedQuery = z
  .object({
    limit: Limit,
    offset: Offset,
    actorId: d.Id.optional(),
    actorType: d.ActorType.optional(),
    region: z.string().max(100).optional(),
    category: d.CategoryPath.optional(),
    status: d.NeedStatus.optional(),
    priority: d.Priority.optional(),
    q: Q,
  })
  .strict();
export const OfferingQuery = z
  .object({
    limit: Limit,
    offset: Offset,
    actorId: d.Id.optional(),
    actorType: d.ActorType.optional(),
    region: z.string().max(100).optional(),
    category: d.CategoryPath.optional(),
    status: d.OfferingStatus.optional(),
    modality: d.Modality.optional(),
    q: Q,
  })
  .strict();
export const RelationshipQuery = z
  .object({ limit: Limit, offset: Offset, type: d.RelationshipType.optional(), actorId: d.Id.optional() })
  .strict();

export const CommitmentQuery = z
  .object({
    limit: Limit,
    offset: Offset,
    status: d.CommitmentStatus.optional(),
    offeringId: d.Id.optional(),
    needId: d.Id.optional(),
    actorId: d.Id.optional(),
  })
  .strict();

export const listOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });

export const ImportCounts = named(
  z.object({
    categories: z.number().int(),
    actors: z.number().int(),
    relationships: z.number().int(),
    needs: z.number().int(),
    offerings: z.number().int(),
    commitments: z.number().int(),
  }),
  "ImportCounts",
);
export type ImportCounts = z.infer<typeof ImportCounts>;

export const Health = named(
  z.object({
    status: z.enum(["ok", "degraded"]),
    api: z.literal("up"),
    /** Up or down only: the server's address, version and errors stay in the log, not with callers. */
    neo4j: z.object({ status: z.enum(["up", "down"]) }),
  }),
  "Health",
);

/** The error responses every data route may give, for the OpenAPI document. */
export const errors = {
  400: ErrorResponse,
  // Every route may refuse its caller (server/auth/route-access.ts): 401 to sign in, 403 for a role too low.
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  503: ErrorResponse,
} as const;
