import type { MultiGraph } from "graphology";
import type {
  Actor,
  Category,
  Commitment,
  GraphView,
  Need,
  Offering,
  Relationship,
  RelationshipType,
  ActorType,
} from "../api/types";

/** Rendering attributes of an actor in the Sigma graph; the actor itself stays in the Ecosystem index. */
export interface NodeAttrs {
  x: number;
  y: number;
  size: number;
  color: string;
  label: string;
  actorType: ActorType;
  region?: string;
  lat?: number;
  lon?: number;
  zIndex?: number;
  forceLabel?: boolean;
  highlighted?: boolean;
  hidden?: boolean;
}

export interface EdgeAttrs {
  relType: RelationshipType;
  weight: number;
  amount?: number;
  size: number;
  color: string;
  /** Sigma program: arrows for ties that point from giver to receiver, lines for mutual ones. */
  type: "arrow" | "line";
  hidden?: boolean;
  zIndex?: number;
}

export type AtlasGraph = MultiGraph<NodeAttrs, EdgeAttrs>;
export type Positions = Map<string, { x: number; y: number }>;

/** A map's data indexed for the UI: built once per fetch of `/graph`, read by every panel. */
export interface Ecosystem {
  view: GraphView;
  actors: Map<string, Actor>;
  needs: Map<string, Need>;
  offerings: Map<string, Offering>;
  categories: Map<string, Category>;
  needsByActor: Map<string, Need[]>;
  offeringsByActor: Map<string, Offering[]>;
  relationshipsByActor: Map<string, Relationship[]>;
  commitmentsByNeed: Map<string, Commitment[]>;
  commitmentsByOffering: Map<string, Commitment[]>;
  /** Neighbours over ties of any type and direction. */
  neighbours: Map<string, Set<string>>;
  /** Categories an actor needs or offers, with their ancestors, for the category filter. */
  actorCategories: Map<string, Set<string>>;
  regions: string[];
}
