// PNG export: Sigma draws in several stacked canvases (WebGL for edges and nodes, 2D for labels); the export paints
// them, in order, onto one canvas. It must run right after a synchronous render, before WebGL clears its buffers.
import type { ComposeOptions } from "./types";

export function composeCanvases(layers: readonly HTMLCanvasElement[], o: ComposeOptions): HTMLCanvasElement {
  const out = document.createElement("canvas");
  out.width = Math.round(o.width * o.pixelRatio);
  out.height = Math.round(o.height * o.pixelRatio);
  const ctx = out.getContext("2d");
  if (!ctx) throw new Error("export: no 2D canvas context");
  ctx.fillStyle = o.background;
  ctx.fillRect(0, 0, out.width, out.height);
  for (const layer of layers) if (layer.width && layer.height) ctx.drawImage(layer, 0, 0, out.width, out.height);
  if (o.title) {
    ctx.save();
    ctx.scale(o.pixelRatio, o.pixelRatio);
    ctx.font = "600 14px Inter, system-ui, sans-serif";
    ctx.fillStyle = "#111827";
    ctx.fillText(o.title, 16, 24);
    ctx.restore();
  }
  return out;
}

export function downloadCanvas(canvas: HTMLCanvasElement, filename: string): Promise<void> {
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => {
      if (!blob) return reject(new Error("export: the canvas gave no image"));
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = filename;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      resolve();
    }, "image/png"),
  );
}

export function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "map"
  );
}
