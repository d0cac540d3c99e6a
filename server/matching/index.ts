// Match candidates: which offering should meet which need, why, and through whom to ask; bridges between
// communities; the allocation plan. The public API of server/matching, by file:
// types.ts (inputs, outputs, the index), options.ts (weights, limits), match-index.ts (the build), retrieval.ts and
// scoring.ts (candidates and their score), matches.ts (the reported candidates), bridges.ts, allocation/.
export type { CategoryRelation } from "../domain/taxonomy";
export type { ItemText } from "./text";
export type {
  IntroductionPath,
  MatchCandidate,
  MatchIndex,
  MatchIndexOptions,
  MatchNeed,
  MatchOffering,
  MatchOptions,
  MatchReport,
  MatchSnapshot,
  NearMiss,
  MatchWeights,
  ScoreBreakdown,
  ScoredPair,
} from "./types";
export { DEFAULT_WEIGHTS, MATCH_DEFAULTS, MatchOptionsError, resolveWeights } from "./options";
export { buildMatchIndex } from "./match-index";
export { rankForNeed, rankForOffering, rankNeedsForOffering, rankOfferingsForNeed } from "./retrieval";
export { matchesForNeed, matchesForOffering, matchReportForNeed, matchReportForOffering } from "./matches";
export { BRIDGE_DEFAULTS, suggestBridges } from "./bridges";
export type { BridgeOptions, BridgeSuggestion } from "./bridges";
export * from "./allocation";
