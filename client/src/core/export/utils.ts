// PNG export: Sigma draws in several stacked canvases (WebGL for edges and nodes, 2D for labels); the export paints
// them, in order, onto one canvas. It must run right after a synchronous render, before WebGL clears its buffers.
// The title and date go in a band above the map and the legend in one below it, so neither hides an actor.
import { ACTOR_COLORS, ACTOR_LABELS, communityColor } from "../appearance/utils";
import type { ActorType } from "../api/types";
import type { ComposeOptions, LegendEntry } from "./types";

const HEADER = 44;
const LEGEND_ROW = 22;
const LEGEND_PAD = 12;
const FONT = "Inter, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
const INK = "#111827";
const MUTED = "#4B5563";

type Ctx = Pick<CanvasRenderingContext2D, "measureText" | "font">;

/** Legend entries placed left to right, wrapping into rows of `width` pixels: [x, row] per entry. */
export function legendLayout(ctx: Ctx, entries: readonly LegendEntry[], width: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let x = LEGEND_PAD;
  let row = 0;
  for (const e of entries) {
    const w = 18 + ctx.measureText(e.label).width + 18;
    if (x > LEGEND_PAD && x + w > width - LEGEND_PAD) {
      x = LEGEND_PAD;
      row++;
    }
    out.push([x, row]);
    x += w;
  }
  return out;
}

export function composeCanvases(layers: readonly HTMLCanvasElement[], o: ComposeOptions): HTMLCanvasElement {
  const out = document.createElement("canvas");
  const measure = out.getContext("2d");
  if (!measure) throw new Error("export: no 2D canvas context");
  const legendFont = `12px ${FONT}`;
  measure.font = legendFont;
  const entries = o.legend ?? [];
  const placed = legendLayout(measure, entries, o.width);
  const rows = placed.length ? placed[placed.length - 1]![1] + 1 : 0;
  const header = o.title || o.date ? HEADER : 0;
  const footer = rows ? rows * LEGEND_ROW + 2 * LEGEND_PAD - 6 : 0;
  const r = o.pixelRatio;
  out.width = Math.round(o.width * r);
  out.height = Math.round((header + o.height + footer) * r);
  // Resizing a canvas resets its context: set up after.
  const ctx = out.getContext("2d")!;
  ctx.fillStyle = o.background;
  ctx.fillRect(0, 0, out.width, out.height);
  const mapTop = Math.round(header * r);
  for (const layer of layers)
    if (layer.width && layer.height) ctx.drawImage(layer, 0, mapTop, out.width, Math.round(o.height * r));
  ctx.save();
  ctx.scale(r, r);
  ctx.textBaseline = "middle";
  if (header) {
    ctx.fillStyle = "#FFFFFF";
    ctx.fillRect(0, 0, o.width, header);
    ctx.fillStyle = "#E5E7EB";
    ctx.fillRect(0, header - 1, o.width, 1);
    if (o.title) {
      ctx.font = `600 16px ${FONT}`;
      ctx.fillStyle = INK;
      ctx.fillText(o.title, 16, header / 2);
    }
    if (o.date) {
      ctx.font = `12px ${FONT}`;
      ctx.fillStyle = MUTED;
      ctx.textAlign = "right";
      ctx.fillText(o.date, o.width - 16, header / 2);
      ctx.textAlign = "left";
    }
  }
  if (footer) {
    const top = header + o.height;
    ctx.fillStyle = "#FFFFFF";
    ctx.fillRect(0, top, o.width, footer);
    ctx.fillStyle = "#E5E7EB";
    ctx.fillRect(0, top, o.width, 1);
    ctx.font = legendFont;
    entries.forEach((e, i) => {
      const [x, row] = placed[i]!;
      const y = top + LEGEND_PAD + row * LEGEND_ROW + 5;
      ctx.fillStyle = e.color;
      ctx.beginPath();
      ctx.arc(x + 6, y, 6, 0, 2 * Math.PI);
      ctx.fill();
      ctx.fillStyle = INK;
      ctx.fillText(e.label, x + 18, y);
    });
  }
  ctx.restore();
  return out;
}

/**
 * What the colours on the exported map mean: actor types by how many there are, or the largest communities (at most
 * twelve, as in the legend beside the map).
 */
export function legendEntries(
  actors: ReadonlyArray<{ id: string; type: ActorType }>,
  community: ReadonlyMap<string, number> | null,
): LegendEntry[] {
  if (community) {
    const sizes = new Map<number, number>();
    for (const a of actors) {
      const c = community.get(a.id);
      if (c !== undefined) sizes.set(c, (sizes.get(c) ?? 0) + 1);
    }
    return [...sizes]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, 12)
      .map(([c, n]) => ({ color: communityColor(c), label: `Community ${c + 1} (${n})` }));
  }
  const counts = new Map<ActorType, number>();
  for (const a of actors) counts.set(a.type, (counts.get(a.type) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([t, n]) => ({ color: ACTOR_COLORS[t], label: `${ACTOR_LABELS[t]} (${n})` }));
}

/** The export's date line: "Exported 7 December 2026". */
export function exportDate(now: Date = new Date()): string {
  return `Exported ${now.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" })}`;
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
