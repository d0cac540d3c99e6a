// Query and response shapes of the analysis endpoints (/api/maps/:mapId/analysis/*).
import { z } from "zod";
import { ActorType, CategoryPath, Id, Priority, RelationshipType } from "./domain";

const bool = z.stringbool();
/** A comma-separated query value, e.g. `metrics=degree,pagerank`. */
const list = <T extends z.ZodType<string, string>>(item: T) =>
  z
    .string()
    .max(500)
    .transform((s) =>
      s
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item));

export const METRICS = ["degree", "weightedDegree", "betweenness", "closeness", "eigenvector", "pagerank"] as const;
export const Metric = z.enum(METRICS);

/** Options shared by every analysis: which ties count and how. */
export const GraphQuery = z.object({
  relationshipTypes: list(RelationshipType).optional(),
  directed: bool.default(false),
  weighted: bool.default(true),
});

export const CentralityQuery = GraphQuery.extend({
  metrics: list(Metric).optional(),
  sort: Metric.default("pagerank"),
  limit: z.coerce.number().int().min(1).max(1_000_000).default(1000),
})
  .strict()
  .refine((q) => !q.metrics || q.metrics.includes(q.sort), {
    path: ["sort"],
    message: "must be one of the requested metrics",
  });

export const ActorScores = z.object({
  id: Id,
  name: z.string(),
  type: ActorType,
  degree: z.number().optional(),
  weightedDegree: z.number().optional(),
  inDegree: z.number().optional(),
  outDegree: z.number().optional(),
  weightedInDegree: z.number().optional(),
  weightedOutDegree: z.number().optional(),
  betweenness: z.number().optional(),
  closeness: z.number().optional(),
  eigenvector: z.number().optional(),
  pagerank: z.number().optional(),
});

export const Centrality = z.object({
  mapVersion: z.number().int(),
  nodes: z.number().int(),
  edges: z.number().int(),
  directed: z.boolean(),
  weighted: z.boolean(),
  /** Above `threshold` actors, betweenness (and closeness) come from `k` sampled sources (Brandes & Pich). */
  sampling: z.object({ approximate: z.boolean(), k: z.number().int().optional(), threshold: z.number().int() }),
  actors: z.array(ActorScores),
});

export const CommunitiesQuery = GraphQuery.extend({
  seed: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 31)
    .default(42),
  resolution: z.coerce.number().positive().max(10).default(1),
}).strict();

export const Communities = z.object({
  mapVersion: z.number().int(),
  modularity: z.number(),
  communities: z.array(z.object({ id: z.number().int(), size: z.number().int(), members: z.array(Id) })),
  membership: z.record(z.string(), z.number().int()),
});

export const StructureQuery = GraphQuery.extend({
  limit: z.coerce.number().int().min(1).max(10_000).default(50),
}).strict();

const ActorRef = z.object({ id: Id, name: z.string(), type: ActorType });
export const Structure = z.object({
  mapVersion: z.number().int(),
  components: z.array(z.object({ id: z.number().int(), size: z.number().int(), members: z.array(Id) })),
  /** Single points of failure: actors whose loss splits their component, most damaging first. */
  articulationPoints: z.array(ActorRef.extend({ pieces: z.number().int(), cutOff: z.number().int() })),
  /** Ties whose loss splits the network; `cutOff` actors end up on the smaller side. */
  bridges: z.array(z.object({ from: Id, to: Id, fromName: z.string(), toName: z.string(), cutOff: z.number().int() })),
  /** Burt's structural holes: lowest constraint first. */
  brokers: z.array(ActorRef.extend({ constraint: z.number(), effectiveSize: z.number(), degree: z.number().int() })),
  isolates: z.array(ActorRef),
});

export const GapsQuery = z
  .object({
    receivingTypes: list(ActorType).default(["school"]),
    limit: z.coerce.number().int().min(1).max(10_000).default(50),
    asOf: z.iso.date().optional(),
  })
  .strict();

export const SupplyDemandRow = z.object({
  /** Category path, or region name ("" for actors without a region). */
  key: z.string(),
  name: z.string(),
  demand: z.number(),
  supply: z.number(),
  ratio: z.number().nullable(),
  shortfall: z.number(),
  openNeeds: z.number().int(),
  availableOfferings: z.number().int(),
});

export const Gaps = z.object({
  mapVersion: z.number().int(),
  underServed: z.array(
    z.object({
      actorId: Id,
      name: z.string(),
      type: ActorType,
      region: z.string().nullable(),
      score: z.number().min(0).max(1),
      components: z.record(z.string(), z.number()),
      openNeeds: z.number().int(),
      unmetNeeds: z.number().int(),
      supportTies: z.number().int(),
      degree: z.number().int(),
      reasons: z.array(z.string()),
    }),
  ),
  unmetNeeds: z.array(
    z.object({
      needId: Id,
      actorId: Id,
      actorName: z.string(),
      title: z.string(),
      category: CategoryPath,
      priority: Priority,
      quantity: z.number(),
      code: z.enum(["no_offering", "out_of_reach", "location_unknown"]),
      reason: z.string(),
      nearestKm: z.number().nullable(),
    }),
  ),
  byCategory: z.array(SupplyDemandRow),
  byRegion: z.array(SupplyDemandRow),
});

export type Centrality = z.infer<typeof Centrality>;
export type Communities = z.infer<typeof Communities>;
export type Structure = z.infer<typeof Structure>;
export type Gaps = z.infer<typeof Gaps>;
