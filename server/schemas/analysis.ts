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

export const METRICS = [
  "degree",
  "degreeCentrality",
  "weightedDegree",
  "betweenness",
  "closeness",
  "eigenvector",
  "pagerank",
] as const;
export const Metric = z.enum(METRICS);

/**
 * `confirmed`: leave out the ties a survey reported from one end only; ties no survey reported (typed, imported)
 * and ties both ends reported stay.
 */
export const TieSelection = z
  .enum(["all", "confirmed"])
  .describe("confirmed: only ties both ends reported in a survey, and ties no survey reported (typed or imported)");

/** Options shared by every analysis: which ties count and how. */
export const GraphQuery = z.object({
  relationshipTypes: list(RelationshipType).optional(),
  directed: bool.default(false),
  weighted: bool.default(true),
  ties: TieSelection.default("all"),
});

export const CentralityQuery = GraphQuery.extend({
  metrics: list(Metric).optional(),
  /** Left out: the first requested metric, or PageRank when every metric is requested. */
  sort: Metric.optional().describe("Metric to rank by; default the first of `metrics`, or pagerank"),
  limit: z.coerce.number().int().min(1).max(1_000_000).default(1000),
})
  .strict()
  .refine((q) => !q.metrics || !q.sort || q.metrics.includes(q.sort), {
    path: ["sort"],
    message: "must be one of the requested metrics",
  });

export const ActorScores = z.object({
  id: Id,
  name: z.string(),
  type: ActorType,
  degree: z.number().optional(),
  /** Degree / (actors - 1), as NetworkX `degree_centrality`: comparable across maps of different sizes. */
  degreeCentrality: z.number().optional(),
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
  /** Directed ties use the directed modularity of Leicht & Newman (2008), as graphology's Louvain does. */
  directed: z.boolean(),
  modularity: z.number(),
  communities: z.array(z.object({ id: z.number().int(), size: z.number().int(), members: z.array(Id) })),
  membership: z.record(z.string(), z.number().int()),
});

export const StructureQuery = GraphQuery.extend({
  limit: z.coerce.number().int().min(1).max(10_000).default(50),
})
  .strict()
  .refine((q) => !q.directed, {
    path: ["directed"],
    message:
      "structure has no directed form: articulation points, bridges and Burt's constraint are defined on " +
      "undirected ties (components are weak components); leave directed out or false",
  });

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

/** The parts of the under-served score; the gap analysis weighs them (server/analysis/gaps-under-served.ts). */
export const UNDERSERVED_COMPONENTS = ["needs", "support", "distance", "network"] as const;
export type UnderServedComponent = (typeof UNDERSERVED_COMPONENTS)[number];
export const UnderServedWeights = z.object({
  needs: z.number(),
  support: z.number(),
  distance: z.number(),
  network: z.number(),
});

/** `needs:0.5,network:0.1`: weights for some components; the others keep their defaults. */
const weightList = z
  .string()
  .max(200)
  .transform((text, ctx) => {
    const out: Partial<Record<UnderServedComponent, number>> = {};
    const fail = (message: string) => {
      ctx.issues.push({ code: "custom", message, input: text });
      return z.NEVER;
    };
    for (const part of text.split(",").map((x) => x.trim())) {
      if (!part) continue;
      const [name = "", value = "", ...rest] = part.split(":").map((x) => x.trim());
      if (!(UNDERSERVED_COMPONENTS as readonly string[]).includes(name) || rest.length > 0) {
        return fail(`"${part}": expected component:number, the component one of ${UNDERSERVED_COMPONENTS.join(", ")}`);
      }
      const weight = value === "" ? NaN : Number(value);
      if (!(Number.isFinite(weight) && weight >= 0 && weight <= 100)) {
        return fail(`weight of ${name} must be a number from 0 to 100, got "${value}"`);
      }
      if (name in out) return fail(`${name} is given twice`);
      out[name as UnderServedComponent] = weight;
    }
    // Every default is positive, so the sum can only be nil when all four are set to 0.
    if (UNDERSERVED_COMPONENTS.every((c) => out[c] === 0)) return fail("at least one weight must be above 0");
    return out;
  });

export const GapsQuery = z
  .object({
    receivingTypes: list(ActorType).default(["school"]),
    limit: z.coerce.number().int().min(1).max(10_000).default(50),
    asOf: z.iso.date().optional(),
    weights: weightList.optional(),
    /** Support ties and the network component count the ties the selection keeps. */
    ties: TieSelection.default("all"),
  })
  .strict();

/** One category (or region) in one unit: rows of different units are never added. */
export const SupplyDemandRow = z.object({
  /** Category path, or region name ("" for actors without a region). */
  key: z.string(),
  name: z.string(),
  /** The unit of demand, supply and shortfall. */
  unit: z.string(),
  /** Quantity open needs still ask for. */
  demand: z.number(),
  /** Demand with each need's quantity times its priority weight (low 1, medium 2, high 3, critical 4). */
  weightedDemand: z.number(),
  /** Capacity left (capacity - committed) of offerings available on the day. */
  supply: z.number(),
  ratio: z.number().nullable(),
  /** max(0, demand - supply). */
  shortfall: z.number(),
  openNeeds: z.number().int(),
  availableOfferings: z.number().int(),
});

export const Gaps = z.object({
  mapVersion: z.number().int(),
  /** The day the figures hold for: offerings outside their validity dates on it are not supply. */
  asOf: z.iso.date(),
  /** The under-served score's weights, defaults filled in. */
  weights: UnderServedWeights,
  /** Actors of the receiving types with needs recorded, most under-served first. */
  underServed: z.array(
    z.object({
      actorId: Id,
      name: z.string(),
      type: ActorType,
      region: z.string().nullable(),
      /** short: an open need is not fully covered by what is within reach; covered: none is short. */
      status: z.enum(["short", "covered"]),
      score: z.number().min(0).max(1),
      components: UnderServedWeights,
      openNeeds: z.number().int(),
      unmetNeeds: z.number().int(),
      shortNeeds: z.number().int(),
      supportTies: z.number().int(),
      degree: z.number().int(),
      /** What makes the actor worse off, with figures in units. */
      reasons: z.array(z.string()),
      /** Good news. */
      notes: z.array(z.string()),
    }),
  ),
  /** Actors of the receiving types with no need recorded: nothing says what they lack, so they are not scored. */
  unknownActors: z.array(
    z.object({
      actorId: Id,
      name: z.string(),
      type: ActorType,
      region: z.string().nullable(),
      status: z.literal("unknown"),
      supportTies: z.number().int(),
      degree: z.number().int(),
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
      unit: z.string(),
      code: z.enum(["no_offering", "out_of_reach", "location_unknown"]),
      reason: z.string(),
      nearestKm: z.number().nullable(),
    }),
  ),
  byCategory: z.array(SupplyDemandRow),
  byRegion: z.array(SupplyDemandRow),
});

export const FundingQuery = z
  .object({ limit: z.coerce.number().int().min(1).max(10_000).default(50) })
  .strict()
  .describe("How many funders, co-funded and unreached actors to list; every funds tie is listed");

const Money = z.object({
  /** ISO 4217 code: the ties' own currency, else the one currency the funder's offerings count in; null when unknown. */
  currency: z.string().nullable(),
  amount: z.number(),
});

export const Funding = z.object({
  mapVersion: z.number().int(),
  /** Every funds tie, by funder then recipient; `amount` null when the tie states none. */
  ties: z.array(
    z.object({
      id: Id,
      from: Id,
      to: Id,
      fromName: z.string(),
      toName: z.string(),
      amount: z.number().nullable(),
      currency: z.string().nullable(),
    }),
  ),
  /** Per funder and currency, largest total first; ties without an amount are counted in `unstated`, not in `total`. */
  funders: z.array(
    ActorRef.extend({
      currency: z.string().nullable(),
      total: z.number(),
      recipients: z.number().int(),
      ties: z.number().int(),
      unstated: z.number().int(),
    }),
  ),
  /** Actors with two or more funders, most funders first; what they receive, per currency. */
  coFunded: z.array(ActorRef.extend({ funders: z.array(ActorRef), received: z.array(Money) })),
  /** Under-served actors (the gaps view's list) with no funds tie in, in its order. */
  unreached: z.array(ActorRef.extend({ score: z.number(), reasons: z.array(z.string()) })),
});

export const NetworkSummaryQuery = GraphQuery.extend({
  seed: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 31)
    .default(42)
    .describe("Seed of the Louvain runs and of the path sample on large maps"),
})
  .strict()
  .refine((q) => !q.directed, {
    path: ["directed"],
    message:
      "the summary measures the undirected view and reports the reciprocity of directed ties on its own; " +
      "leave directed out or false",
  });

export const NetworkSummary = z.object({
  mapVersion: z.number().int(),
  /** Actors and ties of the undirected view (parallel ties merged). */
  nodes: z.number().int(),
  edges: z.number().int(),
  /** Ties present / ties possible, 2m / n(n - 1). */
  density: z.number(),
  components: z.object({ count: z.number().int(), largest: z.number().int() }),
  /** Mean local clustering coefficient over every actor (0 for actors with fewer than two contacts). */
  averageClustering: z.number(),
  /** Shortest paths in hops over the largest component; sampled from `sources` actors above `threshold`. */
  paths: z.object({
    diameter: z.number().int().nullable(),
    averagePathLength: z.number().nullable(),
    componentSize: z.number().int(),
    approximate: z.boolean().describe("True when sampled; the diameter is then a lower bound"),
    sources: z.number().int(),
    threshold: z.number().int(),
    seed: z.number().int(),
  }),
  /** Share of directed ties (funds, mentors, ...) whose reverse tie exists; null without directed ties. */
  reciprocity: z.object({
    directedTies: z.number().int(),
    reciprocated: z.number().int(),
    value: z.number().nullable(),
  }),
  /** Modularity of the Louvain partition (as /communities finds it), and its number of communities. */
  modularity: z.number().nullable(),
  communities: z.number().int(),
});

export type Centrality = z.infer<typeof Centrality>;
export type Communities = z.infer<typeof Communities>;
export type Structure = z.infer<typeof Structure>;
export type Gaps = z.infer<typeof Gaps>;
export type Funding = z.infer<typeof Funding>;
export type NetworkSummary = z.infer<typeof NetworkSummary>;
