// Query, body and response shapes of the matching endpoints: match candidates for a need or an offering,
// bridges between communities, and the allocation plan.
import { z } from "zod";
import { CategoryPath, Id, Modality, Priority } from "./domain";

const WEIGHT_NAMES = ["category", "text", "geography", "capacity", "network", "equity"] as const;

const weightsObject = <T extends z.ZodType<number, unknown>>(weight: T) =>
  z
    .object(
      Object.fromEntries(WEIGHT_NAMES.map((k) => [k, weight.optional()])) as Record<
        (typeof WEIGHT_NAMES)[number],
        z.ZodOptional<T>
      >,
    )
    .strict();
/** Weights in a JSON body. */
const WeightsObject = weightsObject(z.number().min(0).max(100));

/** Per-request weights as `category:0.5,network:0.3`; parts left out keep their default. */
const WeightsParam = z
  .string()
  .max(300)
  .transform((s): Record<string, unknown> =>
    Object.fromEntries(
      s
        .split(",")
        .map((part) => part.trim())
        .filter(Boolean)
        .map((part) => {
          const cut = part.indexOf(":");
          return cut < 0 ? [part, ""] : [part.slice(0, cut).trim(), part.slice(cut + 1).trim()];
        }),
    ),
  )
  .pipe(weightsObject(z.coerce.number().min(0).max(100)))
  .describe(`Score weights as name:value pairs, e.g. "category:0.4,network:0.3"; names: ${WEIGHT_NAMES.join(", ")}`);

export const MatchesQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(10),
    nearMisses: z.coerce
      .number()
      .int()
      .min(0)
      .max(50)
      .default(5)
      .describe(
        "How many near misses (pairs the fit rule refuses only for a neighbouring category, another unit, a later start, or a mis-filed category) to report apart",
      ),
    weights: WeightsParam.optional(),
  })
  .strict();

export const NeedParams = z.object({ mapId: Id, needId: Id });
export const OfferingParams = z.object({ mapId: Id, offeringId: Id });

const Weights = z.object(
  Object.fromEntries(WEIGHT_NAMES.map((k) => [k, z.number()])) as Record<(typeof WEIGHT_NAMES)[number], z.ZodNumber>,
);

const ActorRef = z.object({ id: z.string(), name: z.string() });

export const MatchCandidate = z
  .object({
    needId: z.string(),
    offeringId: z.string(),
    needActorId: z.string(),
    needActorName: z.string(),
    offeringActorId: z.string(),
    offeringActorName: z.string(),
    needTitle: z.string(),
    offeringTitle: z.string(),
    needCategory: z.string(),
    offeringCategory: z.string(),
    categoryRelation: z.enum(["same", "broader", "narrower", "sibling", "unrelated"]),
    score: z.number().describe("Weighted mean of the breakdown, in [0, 1]"),
    breakdown: Weights.describe("Each part of the score, in [0, 1]"),
    weights: Weights.describe("Normalised weights: score = sum of weights[k] * breakdown[k]"),
    modality: Modality,
    distanceKm: z.number().nullable(),
    reachKm: z.number().nullable(),
    remainingCapacity: z.number(),
    quantityNeeded: z.number(),
    unit: z.string().describe("The need's unit; a candidate's offering has the same"),
    proposedAmount: z.number().describe("What accepting proposes: min(capacity left, quantity still needed), in unit"),
    sharedWords: z.array(z.string()).describe("Words both texts share, strongest evidence first"),
    priority: Priority,
    introductionPath: z
      .object({ hops: z.number().int(), actors: z.array(ActorRef) })
      .nullable()
      .describe("The warm introduction: from the needing actor to the offering actor through trusted ties"),
    explanation: z.string(),
  })
  .meta({ id: "MatchCandidate" });

const MisfitReason = z.enum([
  "unrelated_category",
  "sibling_category",
  "other_unit",
  "need_not_open",
  "offering_unavailable",
  "not_yet_available",
  "expired",
  "out_of_reach",
  "location_unknown",
]);

export const NearMiss = MatchCandidate.omit({ proposedAmount: true })
  .extend({
    offeringUnit: z.string(),
    reasons: z
      .array(z.object({ code: MisfitReason, text: z.string() }))
      .describe('Why the fit rule refuses the pair, in words ("another unit: offers devices, needs hours")'),
  })
  .meta({ id: "NearMiss" });

export const NeedMatches = z.object({
  mapVersion: z.number().int(),
  needId: z.string(),
  candidates: z.array(MatchCandidate).describe("Offerings that fit the need (the fit rule), best first"),
  nearMisses: z.array(NearMiss).describe("Near misses, never ranked among the candidates nor allocated"),
});
export const OfferingMatches = z.object({
  mapVersion: z.number().int(),
  offeringId: z.string(),
  candidates: z.array(MatchCandidate).describe("Open needs the offering fits (the fit rule), best first"),
  nearMisses: z.array(NearMiss).describe("Near misses, never ranked among the candidates nor allocated"),
});

export const BridgesQuery = z
  .object({
    seed: z.coerce.number().int().min(0).default(42),
    limit: z.coerce.number().int().min(1).max(500).default(20),
    perCommunityPair: z.coerce.number().int().min(1).max(100).default(4),
    maxTieRatio: z.coerce
      .number()
      .min(0)
      .max(10)
      .default(1)
      .describe("Weakly tied communities: at most this share of the ties the configuration model expects"),
    weights: WeightsParam.optional(),
  })
  .strict();

const BridgeActor = z.object({ id: z.string(), name: z.string(), community: z.number().int() });
const BridgeMatch = z.object({
  needId: z.string(),
  needTitle: z.string(),
  offeringId: z.string(),
  offeringTitle: z.string(),
  score: z.number(),
});

export const Bridges = z.object({
  mapVersion: z.number().int(),
  communities: z.number().int(),
  modularity: z.number(),
  suggestions: z.array(
    z.object({
      needActor: BridgeActor,
      offeringActor: BridgeActor,
      match: BridgeMatch,
      reverse: BridgeMatch.nullable(),
      score: z.number(),
      currentDistance: z.number().int().nullable().describe("Ties between the two actors today; null when unconnected"),
      gain: z.number().describe("1 - 1 / distance: how much a direct tie would shorten the path"),
      rank: z.number(),
      tiesBetween: z.number(),
      expectedTies: z.number(),
      reason: z.string(),
    }),
  ),
});

export const AllocationRequest = z
  .object({
    region: z.string().min(1).max(200).optional().describe("Only actors located in this region"),
    category: CategoryPath.optional().describe("Only needs and offerings filed under this category"),
    actorIds: z.array(Id).max(100_000).optional(),
    weights: WeightsObject.optional(),
    candidatesPerNeed: z.number().int().min(1).max(200).default(50),
    assignments: z.boolean().default(true).describe("Include every assignment (false: the summary only)"),
  })
  .strict();

const Summary = z.object({
  method: z.enum(["lp", "greedy"]),
  objective: z.number(),
  maxObjective: z.number(),
  priorityWeightedDemandMet: z.number(),
  totalAssigned: z.number(),
});

export const AllocationPlan = Summary.extend({
  mapVersion: z.number().int(),
  needsFullyMet: z.number().int(),
  needsPartiallyMet: z.number().int(),
  needsUnmet: z.number().int(),
  byCategory: z.array(
    z.object({
      category: z.string(),
      needs: z.number().int(),
      fullyMet: z.number().int(),
      shareMet: z.number(),
      priorityWeightedShareMet: z.number(),
    }),
  ),
  assignments: z.array(
    z.object({
      needId: z.string(),
      offeringId: z.string(),
      amount: z.number(),
      unit: z.string(),
      score: z.number(),
      value: z.number(),
    }),
  ),
  unmet: z.array(
    z.object({
      needId: z.string(),
      title: z.string(),
      category: z.string(),
      priority: Priority,
      quantity: z.number(),
      unit: z.string(),
      assigned: z.number(),
      shortfall: z.number(),
      reason: z.enum(["no_candidates", "capacity_taken", "partially_met"]),
      explanation: z.string(),
    }),
  ),
  stats: z.object({
    needs: z.number().int(),
    offerings: z.number().int(),
    pairs: z.number().int(),
    status: z.string(),
    solveMs: z.number(),
    models: z.number().int(),
  }),
  baseline: Summary.optional().describe("The greedy baseline (each need takes its best candidate) on the same pairs"),
});

export type MatchesQuery = z.output<typeof MatchesQuery>;
export type BridgesQuery = z.output<typeof BridgesQuery>;
export type AllocationRequest = z.output<typeof AllocationRequest>;
