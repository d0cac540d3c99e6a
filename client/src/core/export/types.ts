export interface LegendEntry {
  color: string;
  label: string;
}

export interface ComposeOptions {
  width: number;
  height: number;
  pixelRatio: number;
  background: string;
  /** Drawn in a band above the map, with `date` at its right. */
  title?: string;
  /** Shown as given, e.g. "7 December 2026". */
  date?: string;
  /** Drawn in a band under the map, as many rows as it needs. */
  legend?: readonly LegendEntry[];
}
