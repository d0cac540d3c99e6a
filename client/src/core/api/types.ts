// Shapes the client exchanges with the API. Every domain type comes from the server's zod schemas; only the
// client's own wrappers are declared here.
import type { z } from "zod";
import type { ErrorResponse } from "../../../../server/schemas/api";

export type {
  Actor,
  ActorInput,
  ActorPatch,
  ActorType,
  AtlasMap,
  Category,
  Commitment,
  CommitmentInput,
  GraphView,
  MapCreate,
  Need,
  NeedInput,
  NeedPatch,
  Offering,
  OfferingInput,
  OfferingPatch,
  Priority,
  Relationship,
  RelationshipInput,
  RelationshipPatch,
  RelationshipType,
} from "../../../../server/schemas/domain";
export type { Centrality, Communities, Gaps, Structure } from "../../../../server/schemas/analysis";
import type { Bridges as BridgesSchema, NeedMatches as NeedMatchesSchema } from "../../../../server/schemas/matching";
export type NeedMatches = z.output<typeof NeedMatchesSchema>;
export type Bridges = z.output<typeof BridgesSchema>;

export type ApiErrorBody = z.infer<typeof ErrorResponse>;
export type ApiIssue = NonNullable<ApiErrorBody["issues"]>[number];

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/** What an optional endpoint gave: its data, or that the server does not offer the route (yet). */
export type Optional<T> = { available: true; data: T } | { available: false; reason: string };
