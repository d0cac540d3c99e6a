// Labels that never overlap: Sigma's label grid keeps one label per cell, but names run wider than a cell, so
// neighbouring cells' labels ran into each other. This drawer keeps the boxes drawn in the current frame and skips a
// label whose box would touch one already drawn; labels that must show (the selection, a path, a highlighted item)
// are drawn regardless. `resetLabelBoxes` runs before each frame (see ReducersController).
import type { NodeDisplayData, PartialButFor } from "sigma/types";
import type { Settings } from "sigma/settings";
import type { EdgeAttrs, NodeAttrs } from "../../core/graph";

interface Box {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** Empty space kept around a label, in pixels. */
const GAP = 3;
let boxes: Box[] = [];

export function resetLabelBoxes(): void {
  boxes = [];
}

export function drawLabelWithoutOverlap(
  context: CanvasRenderingContext2D,
  data: PartialButFor<NodeDisplayData, "x" | "y" | "size" | "label" | "color">,
  settings: Settings<NodeAttrs, EdgeAttrs>,
): void {
  if (!data.label) return;
  const size = settings.labelSize;
  context.font = `${settings.labelWeight} ${size}px ${settings.labelFont}`;
  const x = data.x + data.size + 3;
  const width = context.measureText(data.label).width;
  const box = { x0: x - GAP, x1: x + width + GAP, y0: data.y - size / 2 - GAP, y1: data.y + size / 2 + GAP };
  if (!data.forceLabel && boxes.some((b) => b.x0 < box.x1 && box.x0 < b.x1 && b.y0 < box.y1 && box.y0 < b.y1)) return;
  boxes.push(box);
  const attribute = settings.labelColor.attribute;
  context.fillStyle = attribute
    ? ((data as Record<string, unknown>)[attribute] as string) || settings.labelColor.color || "#000"
    : (settings.labelColor.color ?? "#000");
  context.fillText(data.label, x, data.y + size / 3);
}
