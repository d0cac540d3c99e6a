export type ViewMode = "map" | "table";
/** The side panel's tabs; the URL names one as `?tab=` (see core/url). */
export const PANEL_TABS = [
  "details",
  "gaps",
  "queue",
  "funders",
  "structure",
  "commitments",
  "plan",
  "surveys",
] as const;
export type PanelTab = (typeof PANEL_TABS)[number];
export type EditorKind = "actor" | "need" | "offering" | "relationship";

/** An open form: creating a new item, or editing the one with `id`. `actorId` is the owner of needs and offerings. */
export interface EditorState {
  kind: EditorKind;
  id?: string;
  actorId?: string;
}

export interface UiState {
  /** The map on screen (also in the URL as `?map=`). */
  mapId: string | null;
  view: ViewMode;
  panel: PanelTab;
  editor: EditorState | null;
  /** Transient message shown at the bottom of the screen. */
  toast: { text: string; tone: "info" | "error"; nonce: number } | null;
}
