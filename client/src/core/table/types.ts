import type { ActorType } from "../api/types";

export interface ActorRow {
  id: string;
  name: string;
  type: ActorType;
  region: string;
  degree: number | null;
  pagerank: number | null;
  betweenness: number | null;
  underServed: number | null;
  openNeeds: number;
  offerings: number;
}

export type SortKey = Exclude<keyof ActorRow, "id">;
export interface SortState {
  key: SortKey;
  dir: "asc" | "desc";
}
