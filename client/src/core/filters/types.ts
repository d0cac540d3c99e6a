import type { ActorType, RelationshipType } from "../api/types";
import type { SizeMetric } from "../appearance/types";

export type MetricKey = Exclude<SizeMetric, "none">;

export interface FocusState {
  actorId: string;
  depth: 1 | 2;
}

/** Empty lists mean "no filter" on that dimension. */
export interface FiltersState {
  actorTypes: ActorType[];
  relationshipTypes: RelationshipType[];
  categories: string[];
  regions: string[];
  thresholdMetric: MetricKey;
  /** Keep actors whose metric is at least this share (0..1) of the highest value; 0 keeps everyone. */
  threshold: number;
  focus: FocusState | null;
  /** The analyses leave out the ties a survey reported from one end only; absent: they count every tie. */
  confirmedTiesOnly?: true;
}
