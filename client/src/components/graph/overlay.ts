// Canvas layers drawn over or under Sigma's own (region outlines, candidate edges) share its size in CSS pixels and
// draw at the screen's pixel ratio.

/** Sizes `canvas` to the graph's viewport and clears it; the context is scaled so drawing is in CSS pixels. */
export function clearOverlay(
  sigma: { getDimensions(): { width: number; height: number } },
  canvas: HTMLCanvasElement,
): CanvasRenderingContext2D | null {
  const { width, height } = sigma.getDimensions();
  const ratio = window.devicePixelRatio || 1;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
  }
  const ctx = canvas.getContext("2d");
  if (!ctx) return null;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return ctx;
}
