// Appearance: how actors and ties are drawn. Producers are pure `(args) => (state) => state`.
import type { AppearanceState, ColorBy, SizeMetric } from "./types";

export * from "./types";
export * from "./utils";

export const setSizeMetric =
  (sizeMetric: SizeMetric) =>
  (state: AppearanceState): AppearanceState => ({ ...state, sizeMetric });
export const setColorBy =
  (colorBy: ColorBy) =>
  (state: AppearanceState): AppearanceState => ({ ...state, colorBy });
export const setShowLabels =
  (showLabels: boolean) =>
  (state: AppearanceState): AppearanceState => ({ ...state, showLabels });
