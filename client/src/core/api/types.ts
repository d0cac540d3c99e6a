// Shapes the client exchanges with the API, all taken from the server's zod schemas.
import type { z } from "zod";
import type { ErrorResponse, listOf, Map as MapSchema } from "../../../../server/schemas/api";
import type { Bridges as BridgesSchema, NeedMatches as NeedMatchesSchema } from "../../../../server/schemas/matching";

export type {
  Actor,
  ActorInput,
  ActorPatch,
  ActorType,
  AtlasMap,
  Category,
  Commitment,
  CommitmentInput,
  CommitmentStatus,
  GraphView,
  MapCreate,
  Need,
  NeedInput,
  NeedPatch,
  Offering,
  OfferingInput,
  OfferingPatch,
  Relationship,
  RelationshipInput,
  RelationshipPatch,
  RelationshipType,
} from "../../../../server/schemas/domain";
export type {
  Centrality,
  Communities,
  Funding,
  Gaps,
  NetworkSummary,
  Structure,
} from "../../../../server/schemas/analysis";

export type { HistoryEntry, HistoryPage } from "../../../../server/schemas/history";
export type NeedMatches = z.output<typeof NeedMatchesSchema>;
export type Bridges = z.output<typeof BridgesSchema>;

export type ApiErrorBody = z.infer<typeof ErrorResponse>;
export type ApiIssue = NonNullable<ApiErrorBody["issues"]>[number];

/** A page of `GET /api/maps`. */
export type MapList = z.output<ReturnType<typeof listOf<typeof MapSchema>>>;
