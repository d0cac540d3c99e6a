export interface ComposeOptions {
  width: number;
  height: number;
  pixelRatio: number;
  background: string;
  title?: string;
}
