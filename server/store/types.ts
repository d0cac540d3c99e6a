// The storage port's own types, in domain terms: pages and filters of the lists, what the analysis and matching
// read, and what an import reports. server/store/atlas-store.ts re-exports them.
import type { z } from "zod";
import type { ImportCounts as ImportCountsSchema } from "../schemas/api";
import type {
  Actor,
  Category,
  CommitmentStatus,
  Need,
  Offering,
  Relationship,
  RelationshipType,
} from "../schemas/domain";

export interface Page {
  limit: number;
  offset: number;
}
export interface ListResult<T> extends Page {
  items: T[];
  total: number;
}
export interface ActorFilter {
  type?: string;
  region?: string;
  tag?: string;
  category?: string;
  q?: string;
}
export interface ItemFilter {
  actorId?: string;
  actorType?: string;
  region?: string;
  category?: string;
  status?: string;
  priority?: string;
  modality?: string;
  q?: string;
}
export interface RelationshipFilter {
  type?: RelationshipType;
  actorId?: string;
}
export interface CommitmentFilter {
  status?: CommitmentStatus;
  offeringId?: string;
  needId?: string;
  actorId?: string;
}

/** What the analysis engine reads: a map's actors, ties, needs and offerings, without the prose. */
export interface MapSnapshot {
  mapId: string;
  version: number;
  actors: Pick<Actor, "id" | "name" | "type" | "location">[];
  /** `unconfirmed`: a survey reported the tie from one end only (see analysis/survey-scores.ts). */
  relationships: (Pick<Relationship, "from" | "to" | "type" | "weight"> & { unconfirmed?: true })[];
  /** `covered`: the amount active commitments already promise the need. */
  needs: (Pick<Need, "id" | "actorId" | "category" | "title" | "quantity" | "unit" | "priority" | "status"> & {
    covered: number;
  })[];
  offerings: Pick<
    Offering,
    | "id"
    | "actorId"
    | "category"
    | "title"
    | "capacity"
    | "unit"
    | "committed"
    | "modality"
    | "reachKm"
    | "status"
    | "validFrom"
    | "validUntil"
  >[];
  categories: Category[];
}

/** Parallel columns, one entry per need and offering; `covered` is 0 for offerings. */
export interface ItemTexts {
  id: string[];
  description: string[];
  tags: string[][];
  covered: number[];
}

export interface ImportBundleOptions {
  /** Called as batches are written: items written so far, of all items in the bundle. A promise is awaited. */
  onProgress?: (done: number, total: number) => void | Promise<void>;
  /** Items per transaction; a larger bundle is written in chunks, undone if one fails (see bundle-writer.ts). */
  transactionItems?: number;
}

/** Items an import wrote, per kind: the API's ImportCounts. */
export type ImportCounts = z.infer<typeof ImportCountsSchema>;
