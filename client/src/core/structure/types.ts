import type { Structure } from "../api/types";
import type { Highlight } from "../selection/types";

export type { Structure };

export type StructureKind = "articulation" | "bridge" | "broker" | "isolate";

/** One line of the structure tab: who or what, what it means for this ecosystem, and what to light up on the map. */
export interface StructureItem {
  kind: StructureKind;
  key: string;
  title: string;
  meaning: string;
  /** The actor to open when the item is picked; none for a tie. */
  actorId?: string;
  highlight: Highlight;
}
