import type { ActorType, RelationshipType } from "../api/types";

/** What node size shows. `underServed` comes from the gaps analysis. */
export type SizeMetric = "none" | "degree" | "pagerank" | "betweenness" | "underServed";
export type ColorBy = "type" | "community";

export interface AppearanceState {
  sizeMetric: SizeMetric;
  colorBy: ColorBy;
  showLabels: boolean;
}

export interface EdgeStyle {
  color: string;
  label: string;
}

export type ActorPalette = Record<ActorType, string>;
export type EdgePalette = Record<RelationshipType, EdgeStyle>;
