// The audit trail's HTTP shapes: a map's history, filtered and paged, newest first.
import { z } from "zod";
import { Id, Timestamp } from "./domain";

export const AUDIT_ACTIONS = ["create", "update", "delete", "transition", "import", "undo"] as const;
export const AUDIT_ENTITIES = [
  "map",
  "category",
  "actor",
  "need",
  "offering",
  "relationship",
  "commitment",
  "member",
  "share_link",
] as const;

/** A moment given with any offset, compared as the UTC ISO string entries are stamped with. */
const Moment = z.iso
  .datetime({ offset: true })
  .transform((s) => new Date(s).toISOString())
  .optional();

export const HistoryQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(50),
    offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
    entityId: z.string().min(1).max(200).optional().describe("One entity's entries (a category's id is its path)"),
    entityType: z.enum(AUDIT_ENTITIES).optional(),
    actorId: Id.optional().describe("Entries of an actor and of its needs, offerings, ties and commitments"),
    userId: z.string().min(1).max(200).optional(),
    action: z.enum(AUDIT_ACTIONS).optional(),
    since: Moment.describe("Entries at or after this moment"),
    until: Moment.describe("Entries at or before this moment"),
  })
  .strict();
export type HistoryQuery = z.infer<typeof HistoryQuery>;

const State = z.record(z.string(), z.unknown()).nullable();

export const HistoryEntry = z
  .object({
    id: z.string(),
    at: Timestamp,
    user: z
      .object({ id: z.string(), name: z.string() })
      .nullable()
      .describe("Null for system work and anonymous writes"),
    via: z.string().describe("How the user signed in: session, token, or none"),
    action: z.enum(AUDIT_ACTIONS),
    entityType: z.enum(AUDIT_ENTITIES),
    entityId: z.string(),
    summary: z.string(),
    before: State.describe("The entity as the API returned it before the write; null for a create or an import"),
    after: State.describe("The entity as the API returns it after the write; null for a delete or an import"),
    counts: z.record(z.string(), z.number().int()).optional().describe("Items an import wrote, or a deletion took"),
  })
  .meta({ id: "HistoryEntry" });
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const HistoryPage = z
  .object({
    items: z.array(HistoryEntry),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  })
  .meta({ id: "HistoryPage" });
export type HistoryPage = z.infer<typeof HistoryPage>;
