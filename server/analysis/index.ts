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
  closenessCentrality,
  computeCentrality,
  degreeCentrality,
  eigenvectorCentrality,
  pagerank,
} from "./centrality";
export { CENTRALITY_DEFAULTS, CENTRALITY_METRICS } from "./centrality-types";
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
} from "./centrality-types";

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

export { analyzeGaps, findUnderServedActors } from "./gaps";
export { findUnmetNeeds } from "./gaps-unmet-needs";
export { supplyAndDemand } from "./gaps-supply-demand";
export { underServedWeights } from "./gaps-under-served";
export { GAP_DEFAULTS, UNDERSERVED_COMPONENTS, UNDERSERVED_WEIGHTS } from "./gaps-types";
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
  NeedCoverage,
  RegionSupplyDemand,
  SupplyDemandEntry,
  SupplyDemandResult,
  UnderServedActor,
  UnderServedComponent,
  UnderServedOptions,
  UnderServedStatus,
  UnderServedWeights,
  UnknownActor,
  UnmetNeed,
  UnmetReason,
} from "./gaps-types";

export { haversineKm } from "./geo";
export type { LatLon } from "./geo";

export { createRng } from "./random";
export type { Rng } from "./random";

export { generateEcosystem, SYNTHETIC_CATEGORIES } from "./synthetic";
export type { GenerateEcosystemOptions, SyntheticEcosystem } from "./synthetic";
