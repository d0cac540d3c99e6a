// Region outlines under the actors in the geographic layout: each region's located actors enclosed by their convex
// hull, grown by a margin, filled lightly and named. Drawn on a canvas of our own under Sigma's layers, redrawn after
// each of Sigma's frames so that it moves with the camera.
import { useSigma } from "@react-sigma/core";
import { useEffect } from "react";
import type { EdgeAttrs, NodeAttrs } from "../../core/graph";
import { useEcosystem, useLayoutState } from "../../core/hooks";
import { geoLayout, padHull, regionHulls } from "../../core/layout";
import { clearOverlay } from "./overlay";

/** Screen pixels between a region's outermost actor and its outline. */
const PAD_PX = 18;

/** A hue per region, stable across reloads. */
function regionHue(region: string): number {
  let h = 0;
  for (let i = 0; i < region.length; i++) h = (h * 31 + region.charCodeAt(i)) >>> 0;
  return (h * 137.508) % 360;
}

export function GeoBackground() {
  const sigma = useSigma<NodeAttrs, EdgeAttrs>();
  const { kind } = useLayoutState();
  const eco = useEcosystem();

  useEffect(() => {
    if (kind !== "geo" || !eco) return;
    const graph = sigma.getGraph();
    // The outlines enclose where the actors are going, so they are right the moment the move ends.
    const hulls = regionHulls(graph, geoLayout(graph).positions);
    const container = sigma.getContainer();
    const canvas = document.createElement("canvas");
    canvas.className = "atlas-regions";
    canvas.dataset.regions = String(hulls.length);
    Object.assign(canvas.style, { position: "absolute", inset: "0", pointerEvents: "none" });
    // Above the basemap, under every layer of Sigma's.
    const basemap = container.querySelector(":scope > .atlas-basemap");
    if (basemap) basemap.after(canvas);
    else container.prepend(canvas);

    const draw = () => {
      const ctx = clearOverlay(sigma, canvas);
      if (!ctx) return;
      ctx.font = "600 12px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
      ctx.textAlign = "center";
      ctx.textBaseline = "bottom";
      for (const { region, hull } of hulls) {
        const outline = padHull(
          hull.map((p) => sigma.graphToViewport(p)),
          PAD_PX,
        );
        if (!outline.length) continue;
        const hue = regionHue(region);
        ctx.beginPath();
        outline.forEach((p, i) => (i ? ctx.lineTo(p.x, p.y) : ctx.moveTo(p.x, p.y)));
        ctx.closePath();
        ctx.fillStyle = `hsla(${hue}, 65%, 55%, 0.12)`;
        ctx.fill();
        ctx.lineWidth = 1.5;
        ctx.strokeStyle = `hsla(${hue}, 55%, 38%, 0.7)`;
        ctx.stroke();
        const top = outline.reduce((a, b) => (b.y < a.y ? b : a));
        ctx.fillStyle = `hsla(${hue}, 55%, 28%, 0.95)`;
        ctx.fillText(region, top.x, top.y - 3);
      }
    };
    sigma.on("afterRender", draw);
    sigma.scheduleRender();
    return () => {
      sigma.off("afterRender", draw);
      canvas.remove();
    };
  }, [kind, eco, sigma]);

  return null;
}
