import type { ActorType } from "../api/types";

export interface SearchHit {
  id: string;
  name: string;
  type: ActorType;
  region?: string;
  /** Lower is better: 0 exact, 1 prefix, 2 word prefix, 3 substring, 4 other fields. */
  rank: number;
}
