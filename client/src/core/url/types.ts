import type { AppearanceState } from "../appearance/types";
import type { FiltersState } from "../filters/types";
import type { LayoutKind } from "../layout/types";
import type { PanelTab, ViewMode } from "../ui/types";

/** What a shared link carries: the map and how it is looked at. Hovering, editors, toasts and the camera stay out. */
export interface UrlView {
  mapId: string | null;
  selectedActorId: string | null;
  selectedNeedId: string | null;
  panel: PanelTab;
  view: ViewMode;
  filters: FiltersState;
  layout: LayoutKind;
  appearance: AppearanceState;
}
