// A tiled basemap under the geographic layout, drawn by MapLibre GL JS when a tile URL is configured: `?tiles=` in
// the page's address, a raster XYZ template such as `https://tile.example.org/{z}/{x}/{y}.png` (and optionally
// `?tilesAttribution=`). Actors sit on the same Web Mercator plane (core/layout projectLonLat), so after each of
// Sigma's frames the map jumps to the longitude and latitude under the view's centre and to the zoom at which the
// world is as wide on screen as it is in Sigma's view: the two cameras stay in step.
import { useSigma } from "@react-sigma/core";
import "maplibre-gl/dist/maplibre-gl.css";
import { useEffect } from "react";
import type { EdgeAttrs, NodeAttrs } from "../../core/graph";
import { useLayoutState } from "../../core/hooks";
import { GEO_WORLD, unprojectPoint } from "../../core/layout";

export interface TileSetting {
  url: string;
  attribution?: string;
}

/** Read once when the app loads, so that rewriting the address later (view state) does not drop the basemap. */
const TILES: TileSetting | null = (() => {
  if (typeof window === "undefined") return null;
  const params = new URLSearchParams(window.location.search);
  const url = params.get("tiles");
  return url ? { url, attribution: params.get("tilesAttribution") ?? undefined } : null;
})();

/** MapLibre's zoom 0 shows the world 512 pixels wide. */
const MAPLIBRE_WORLD_PX = 512;

export function BasemapLayer() {
  const sigma = useSigma<NodeAttrs, EdgeAttrs>();
  const { kind } = useLayoutState();

  useEffect(() => {
    if (kind !== "geo" || !TILES) return;
    const tiles = TILES;
    let disposed = false;
    let cleanup = () => {};
    void (async () => {
      // The library loads only when a basemap is shown: most maps never need it.
      const maplibre = await import("maplibre-gl");
      if (disposed) return;
      // The worker is a file of its own; bundled, the library cannot find it next to itself.
      maplibre.setWorkerUrl(
        new URL("../../../../node_modules/maplibre-gl/dist/maplibre-gl-worker.mjs", import.meta.url).href,
      );
      const container = sigma.getContainer();
      const div = document.createElement("div");
      div.className = "atlas-basemap";
      Object.assign(div.style, { position: "absolute", inset: "0", pointerEvents: "none" });
      container.prepend(div);
      const map = new maplibre.Map({
        container: div,
        style: {
          version: 8,
          sources: {
            basemap: {
              type: "raster",
              tiles: [tiles.url],
              tileSize: 256,
              attribution: tiles.attribution,
            },
          },
          layers: [{ id: "basemap", type: "raster", source: "basemap" }],
        },
        interactive: false,
        attributionControl: tiles.attribution ? { compact: true } : false,
        fadeDuration: 0,
        minZoom: -2,
        maxZoom: 24,
        // Kept so that the PNG export can copy the basemap with the other layers.
        canvasContextAttributes: { preserveDrawingBuffer: true },
      });
      const sync = () => {
        const { width, height } = sigma.getDimensions();
        const centre = sigma.viewportToGraph({ x: width / 2, y: height / 2 });
        const right = sigma.viewportToGraph({ x: width / 2 + 100, y: height / 2 });
        const unitsPerPx = Math.hypot(right.x - centre.x, right.y - centre.y) / 100;
        if (!(unitsPerPx > 0)) return;
        const zoom = Math.log2(GEO_WORLD / unitsPerPx / MAPLIBRE_WORLD_PX);
        const { lon, lat } = unprojectPoint(centre);
        map.jumpTo({ center: [lon, Math.max(-85, Math.min(85, lat))], zoom });
      };
      const resize = () => {
        map.resize();
        sync();
      };
      sync();
      sigma.on("afterRender", sync);
      sigma.on("resize", resize);
      (window as unknown as { atlasBasemap?: unknown }).atlasBasemap = map;
      cleanup = () => {
        sigma.off("afterRender", sync);
        sigma.off("resize", resize);
        map.remove();
        div.remove();
        delete (window as unknown as { atlasBasemap?: unknown }).atlasBasemap;
      };
    })();
    return () => {
      disposed = true;
      cleanup();
    };
  }, [kind, sigma]);

  return null;
}
