// The analysis engine's public surface: pure functions over plain arrays and graphology graphs, free of Fastify,
// the Neo4j driver and React so the API, scripts and tests share them unchanged.
export { buildActorGraph } from "./graph";
export type {
  ActorGraph,
  ActorGraphAttributes,
  ActorNode,
  ActorNodeAttributes,
  BuildActorGraphOptions,
  RelationshipEdge,
  TieAttributes,
} from "./graph";

export type { EdgeWeightGetter, WeightOptions } from "./csr";

export {
  betweennessCentrality,
  CENTRALITY_DEFAULTS,
  CENTRALITY_METRICS,
  closenessCentrality,
  computeCentrality,
  degreeCentrality,
  eigenvectorCentrality,
  pagerank,
} from "./centrality";
export type {
  CentralityMetric,
  CentralityOptions,
  CentralityResult,
  ComputeCentralityOptions,
  DegreeValues,
  IterationOptions,
  IterativeValues,
  SampledValues,
  SamplingOptions,
} from "./centrality";

export { COMMUNITY_DEFAULTS, detectCommunities } from "./communities";
export type { Community, CommunityOptions, CommunityResult } from "./communities";

export {
  analyzeStructure,
  brokerage,
  connectedComponents,
  cutPoints,
  isolatedActors,
  STRUCTURE_DEFAULTS,
} from "./structure";
export type {
  ArticulationPoint,
  Bridge,
  Broker,
  BrokerageOptions,
  BrokerageResult,
  ComponentsResult,
  CutPointsResult,
  StructureOptions,
  StructureResult,
} from "./structure";

export {
  analyzeGaps,
  categoryLineage,
  findUnderServedActors,
  findUnmetNeeds,
  GAP_DEFAULTS,
  PRIORITY_WEIGHTS,
  supplyAndDemand,
  UNDERSERVED_WEIGHTS,
} from "./gaps";
export type {
  CategorySupplyDemand,
  EcosystemData,
  GapActor,
  GapAnalysis,
  GapCategory,
  GapNeed,
  GapOffering,
  GapOptions,
  GapRelationship,
  RegionSupplyDemand,
  SupplyDemandEntry,
  SupplyDemandResult,
  UnderServedActor,
  UnderServedOptions,
  UnmetNeed,
  UnmetReason,
} from "./gaps";

export { haversineKm, PointIndex } from "./geo";
export type { LatLon } from "./geo";

export { createRng } from "./random";
export type { Rng } from "./random";

export { generateEcosystem, SYNTHETIC_CATEGORIES } from "./synthetic";
export type { GenerateEcosystemOptions, SyntheticEcosystem } from "./synthetic";
