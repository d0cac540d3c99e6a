// Colours chosen for colour-blind readers: Okabe & Ito's eight ("Color Universal Design", 2008) for the most
// common actor types and Paul Tol's "muted" scheme for the rest. Colour is never the only cue: the legend,
// the hover label, the details panel and the table all name the type in words.
import { UNDIRECTED_TYPES } from "../../../../server/schemas/domain";
import type { ActorType, RelationshipType } from "../api/types";
import type { AtlasGraph } from "../graph/types";
import type { Metrics } from "../metrics/types";
import type { ActorPalette, AppearanceState, EdgePalette, SizeMetric } from "./types";

export const ACTOR_COLORS: ActorPalette = {
  school: "#0072B2",
  university: "#56B4E9",
  nonprofit: "#009E73",
  business: "#E69F00",
  funder: "#D55E00",
  community_group: "#CC79A7",
  family: "#EE8866",
  family_group: "#DDCC77",
  library: "#882255",
  museum: "#AA4499",
  health_provider: "#44AA99",
  government: "#332288",
  individual: "#999933",
  other: "#9CA3AF",
};

export const ACTOR_LABELS: Record<ActorType, string> = {
  school: "School",
  university: "University",
  nonprofit: "Nonprofit",
  business: "Business",
  funder: "Funder",
  community_group: "Community group",
  family: "Family",
  family_group: "Family group",
  library: "Library",
  museum: "Museum",
  health_provider: "Health provider",
  government: "Government",
  individual: "Individual",
  other: "Other",
};

export const EDGE_STYLES: EdgePalette = {
  funds: { color: "#D55E00", label: "funds" },
  supplies: { color: "#E69F00", label: "supplies" },
  mentors: { color: "#009E73", label: "mentors" },
  partners_with: { color: "#64748B", label: "partners with" },
  member_of: { color: "#AA4499", label: "member of" },
  refers_to: { color: "#56B4E9", label: "refers to" },
  volunteers_at: { color: "#CC79A7", label: "volunteers at" },
};

/** Whether ties of this type point from the actor that gives to the one that receives (drawn with an arrow). */
export function isDirectedType(type: RelationshipType): boolean {
  return !UNDIRECTED_TYPES.has(type);
}

/** Community colours: Tol's "bright" then "muted" schemes, cycling beyond fourteen communities. */
const COMMUNITY_COLORS = [
  "#4477AA",
  "#EE6677",
  "#228833",
  "#CCBB44",
  "#66CCEE",
  "#AA3377",
  "#332288",
  "#88CCEE",
  "#44AA99",
  "#117733",
  "#999933",
  "#DDCC77",
  "#CC6677",
  "#882255",
];

export const FADED_NODE = "#E5E7EB";
export const FADED_EDGE = "#EEF0F3";
export const CANDIDATE = "#0F766E";

export const METRIC_LABELS: Record<SizeMetric, string> = {
  none: "Same size",
  degree: "Degree",
  pagerank: "PageRank",
  betweenness: "Betweenness",
  underServed: "Under-served score",
};

export function getEmptyAppearanceState(): AppearanceState {
  return { sizeMetric: "degree", colorBy: "type", showLabels: true };
}

export function communityColor(community: number | undefined): string {
  if (community === undefined || community < 0) return ACTOR_COLORS.other;
  return COMMUNITY_COLORS[community % COMMUNITY_COLORS.length]!;
}

/** Node size range in pixels: smaller nodes on larger maps so they stay legible when zoomed out. */
function sizeRange(order: number): [number, number] {
  if (order > 20_000) return [1.5, 9];
  if (order > 2_000) return [2, 12];
  if (order > 300) return [3, 16];
  return [4, 20];
}

/** Maps a metric onto a size with a square-root scale (area grows with the value). */
function sizeScale(values: Iterable<number>, [min, max]: [number, number]): (v: number | undefined) => number {
  let hi = 0;
  for (const v of values) if (Number.isFinite(v) && v > hi) hi = v;
  if (hi <= 0) return () => (min + max) / 4;
  return (v) => min + (max - min) * Math.sqrt(Math.max(0, v ?? 0) / hi);
}

/** Edge thickness from tie strength: logarithmic, so one heavy tie does not swamp the picture. */
export function edgeSize(weight: number, order: number): number {
  const base = order > 20_000 ? 0.5 : order > 2_000 ? 0.8 : 1.2;
  return Math.min(base * 6, base * (1 + Math.log2(Math.max(1, weight))));
}

/** `#rrggbb` to `rgba(r,g,b,a)`, for translucent edges. */
export function withAlpha(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}

/** What `applyAppearance` reads: the metric behind sizes and the communities behind colours (null: by type). */
export function appearanceInputs(appearance: AppearanceState, metrics: Metrics) {
  return {
    sizes: appearance.sizeMetric === "none" ? null : (metrics.values[appearance.sizeMetric] ?? metrics.values.degree),
    community: appearance.colorBy === "community" ? metrics.community : null,
  };
}

/** Writes colour and size, the two appearance attributes, onto every actor of the Sigma graph. */
export function applyAppearance(graph: AtlasGraph, appearance: AppearanceState, metrics: Metrics): void {
  const range = sizeRange(graph.order);
  const { sizes: values, community } = appearanceInputs(appearance, metrics);
  const scale = values ? sizeScale(values.values(), range) : () => (range[0] + range[1]) / 3;
  graph.updateEachNodeAttributes(
    (id, a) => {
      a.color = community ? communityColor(community.get(id)) : ACTOR_COLORS[a.actorType];
      a.size = scale(values?.get(id));
      return a;
    },
    // No `attributes` hint: Sigma's partial repaint fails for actors it has not drawn yet (freshly imported).
  );
}
