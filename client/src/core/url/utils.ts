// The view <-> query string, both ways and pure. Defaults are left out so a plain link stays `?map=riverbend`, and
// anything the link does not name (or names wrongly, by hand or from an older version) falls back to its default
// rather than failing: a shared link should always open something.
import { ACTOR_TYPES, RELATIONSHIP_TYPES } from "../../../../server/schemas/domain";
import type { ActorType, RelationshipType } from "../api/types";
import type { ColorBy, SizeMetric } from "../appearance/types";
import { getEmptyAppearanceState } from "../appearance/utils";
import type { MetricKey } from "../filters/types";
import { getEmptyFiltersState } from "../filters/utils";
import type { LayoutKind } from "../layout/types";
import type { AtlasState } from "../store";
import { PANEL_TABS, type PanelTab, type ViewMode } from "../ui/types";
import type { UrlView } from "./types";

/** Every query key the view owns; the writer replaces these and keeps any other parameter as it was. */
export const URL_KEYS = [
  "map",
  "actor",
  "need",
  "tab",
  "view",
  "types",
  "ties",
  "cats",
  "regions",
  "min",
  "by",
  "focus",
  "depth",
  "layout",
  "size",
  "color",
  "labels",
] as const;

// Records rather than lists: a new layout, metric or colouring fails to compile here until the URL knows it.
const LAYOUTS: Record<LayoutKind, true> = { force: true, community: true, geo: true };
const SIZES: Record<SizeMetric, true> = {
  none: true,
  degree: true,
  pagerank: true,
  betweenness: true,
  underServed: true,
};
const COLORS: Record<ColorBy, true> = { type: true, community: true };
const VIEWS: Record<ViewMode, true> = { map: true, table: true };

const isKey = <K extends string>(table: Record<K, true>, v: string | null): v is K =>
  v !== null && Object.prototype.hasOwnProperty.call(table, v);

const ACTOR_TYPE_SET: ReadonlySet<string> = new Set(ACTOR_TYPES);
const RELATIONSHIP_TYPE_SET: ReadonlySet<string> = new Set(RELATIONSHIP_TYPES);
const TAB_SET: ReadonlySet<string> = new Set(PANEL_TABS);

/** The parts of the store a link carries. */
export function viewOf(state: AtlasState): UrlView {
  return {
    mapId: state.ui.mapId,
    selectedActorId: state.selection.selectedActorId,
    selectedNeedId: state.selection.selectedNeedId,
    panel: state.ui.panel,
    view: state.ui.view,
    filters: state.filters,
    layout: state.layout.kind,
    appearance: state.appearance,
  };
}

/** Lists go comma-separated; ids and names with commas in them are percent-encoded by URLSearchParams. */
const list = (items: readonly string[]) => items.map((s) => s.replaceAll("%", "%25").replaceAll(",", "%2C")).join(",");
const unlist = (text: string | null): string[] =>
  text ? text.split(",").flatMap((s) => (s ? [s.replaceAll("%2C", ",").replaceAll("%25", "%")] : [])) : [];

/** The view as query parameters, in a fixed order, defaults left out. */
export function viewToParams(v: UrlView): URLSearchParams {
  const p = new URLSearchParams();
  const f = v.filters;
  const a = v.appearance;
  const defaults = getEmptyAppearanceState();
  if (v.mapId) p.set("map", v.mapId);
  if (v.selectedActorId) p.set("actor", v.selectedActorId);
  if (v.selectedActorId && v.selectedNeedId) p.set("need", v.selectedNeedId);
  if (v.panel !== "details") p.set("tab", v.panel);
  if (v.view !== "map") p.set("view", v.view);
  if (f.actorTypes.length) p.set("types", list(f.actorTypes));
  if (f.relationshipTypes.length) p.set("ties", list(f.relationshipTypes));
  if (f.categories.length) p.set("cats", list(f.categories));
  if (f.regions.length) p.set("regions", list(f.regions));
  if (f.threshold > 0) {
    // Three decimals: the slider moves in hundredths, and a link should not carry float noise.
    p.set("min", String(Math.round(f.threshold * 1000) / 1000));
    if (f.thresholdMetric !== "degree") p.set("by", f.thresholdMetric);
  }
  if (f.focus) {
    p.set("focus", f.focus.actorId);
    if (f.focus.depth !== 1) p.set("depth", String(f.focus.depth));
  }
  if (f.confirmedTiesOnly) p.set("confirmed", "on");
  if (v.layout !== "force") p.set("layout", v.layout);
  if (a.sizeMetric !== defaults.sizeMetric) p.set("size", a.sizeMetric);
  if (a.colorBy !== defaults.colorBy) p.set("color", a.colorBy);
  if (a.showLabels !== defaults.showLabels) p.set("labels", a.showLabels ? "on" : "off");
  return p;
}

/** Reads a view from a query string (with or without its `?`); what is missing or unknown takes its default. */
export function viewFromSearch(search: string): UrlView {
  const p = new URLSearchParams(search);
  const filters = getEmptyFiltersState();
  const appearance = getEmptyAppearanceState();
  filters.actorTypes = unlist(p.get("types")).filter((t): t is ActorType => ACTOR_TYPE_SET.has(t));
  filters.relationshipTypes = unlist(p.get("ties")).filter((t): t is RelationshipType => RELATIONSHIP_TYPE_SET.has(t));
  filters.categories = unlist(p.get("cats"));
  filters.regions = unlist(p.get("regions"));
  const min = Number(p.get("min"));
  if (Number.isFinite(min) && min > 0) filters.threshold = Math.min(1, min);
  const by = p.get("by");
  if (isKey(SIZES, by) && by !== "none") filters.thresholdMetric = by satisfies MetricKey;
  const focus = p.get("focus");
  if (focus) filters.focus = { actorId: focus, depth: p.get("depth") === "2" ? 2 : 1 };
  if (p.get("confirmed") === "on") filters.confirmedTiesOnly = true;
  const size = p.get("size");
  if (isKey(SIZES, size)) appearance.sizeMetric = size;
  const color = p.get("color");
  if (isKey(COLORS, color)) appearance.colorBy = color;
  const labels = p.get("labels");
  if (labels === "off" || labels === "on") appearance.showLabels = labels === "on";
  const tab = p.get("tab");
  const view = p.get("view");
  const layout = p.get("layout");
  const actor = p.get("actor") || null;
  return {
    mapId: p.get("map") || null,
    selectedActorId: actor,
    selectedNeedId: actor ? p.get("need") || null : null,
    panel: tab && TAB_SET.has(tab) ? (tab as PanelTab) : "details",
    view: isKey(VIEWS, view) ? view : "map",
    filters,
    layout: isKey(LAYOUTS, layout) ? layout : "force",
    appearance,
  };
}

/**
 * The query string for `view`, keeping the parameters of `current` that the view does not own (another page's, a
 * campaign tag) where they were. Returns it with its leading `?`, or "" when nothing is left.
 */
export function writeView(current: string, view: UrlView): string {
  const out = new URLSearchParams(current);
  for (const k of URL_KEYS) out.delete(k);
  for (const [k, v] of viewToParams(view)) out.append(k, v);
  const text = out.toString();
  return text ? `?${text}` : "";
}

/** The store's slices set to what a link says, the rest (hover, editor, toast, camera) kept. */
export function applyView(v: UrlView) {
  return (s: AtlasState): AtlasState => ({
    ...s,
    ui: { ...s.ui, mapId: v.mapId, panel: v.panel, view: v.view },
    selection: {
      ...s.selection,
      selectedActorId: v.selectedActorId,
      selectedNeedId: v.selectedNeedId,
      path: s.selection.selectedActorId === v.selectedActorId ? s.selection.path : [],
    },
    filters: v.filters,
    layout: s.layout.kind === v.layout ? s.layout : { ...s.layout, kind: v.layout, running: false },
    appearance: v.appearance,
  });
}
