// Controls over the canvas: zoom, fit, selection, layouts, PNG export.
import { useCamera, useSigma } from "@react-sigma/core";
import { useState } from "react";
import { composeCanvases, downloadCanvas, exportDate, legendEntries, slug } from "../../core/export";
import type { EdgeAttrs, NodeAttrs } from "../../core/graph";
import {
  useActions,
  useAppearance,
  useEcosystem,
  useLayoutState,
  useMetrics,
  useSelectedActorId,
} from "../../core/hooks";
import { ExportDataButton } from "../data/ExportDialog";
import { Icon } from "../Icon";

export function MapControls() {
  const sigma = useSigma<NodeAttrs, EdgeAttrs>();
  const { zoomIn, zoomOut } = useCamera({ duration: 250, factor: 1.6 });
  const { kind, running } = useLayoutState();
  const selected = useSelectedActorId();
  const eco = useEcosystem();
  const metrics = useMetrics();
  const { colorBy } = useAppearance();
  const actions = useActions();
  const [exporting, setExporting] = useState(false);
  const hasGeo = !!eco?.view.actors.some((a) => a.location);

  const exportPng = async () => {
    setExporting(true);
    try {
      // A synchronous render, then every layer copied before the WebGL buffers are cleared.
      sigma.refresh();
      const layers = [...sigma.getContainer().querySelectorAll("canvas")];
      const { width, height } = sigma.getDimensions();
      const first = layers.find((c) => c.width > 0);
      const canvas = composeCanvases(layers, {
        width,
        height,
        pixelRatio: first ? first.width / width : 1,
        background: "#FBFBFD",
        title: eco?.view.map.name,
        date: exportDate(),
        legend: legendEntries(eco?.view.actors ?? [], colorBy === "community" ? metrics.community : null),
      });
      await downloadCanvas(canvas, `${slug(eco?.view.map.name ?? "map")}.png`);
    } catch (err) {
      actions.ui.showToast(`Export failed: ${(err as Error).message}`, "error");
    } finally {
      setExporting(false);
    }
  };

  return (
    <>
      <div className="map-controls" role="toolbar" aria-label="Map controls">
        <button type="button" className="icon-btn" onClick={() => zoomIn()} title="Zoom in" aria-label="Zoom in">
          <Icon name="plus" />
        </button>
        <button type="button" className="icon-btn" onClick={() => zoomOut()} title="Zoom out" aria-label="Zoom out">
          <Icon name="minus" />
        </button>
        <button
          type="button"
          className="icon-btn"
          onClick={actions.selection.zoomToFit}
          title="Zoom to fit"
          aria-label="Zoom to fit"
        >
          <Icon name="fit" />
        </button>
        <button
          type="button"
          className="icon-btn"
          onClick={actions.selection.zoomToSelection}
          disabled={!selected}
          title="Zoom to selection"
          aria-label="Zoom to selection"
        >
          <Icon name="target" />
        </button>
        <span className="sep" />
        <button
          type="button"
          className="icon-btn"
          onClick={exportPng}
          disabled={exporting}
          title="Export the current view as PNG"
          aria-label="Export PNG"
          data-testid="export-png"
        >
          <Icon name="download" />
        </button>
        <ExportDataButton />
      </div>
      <div className="layout-controls" role="group" aria-label="Layout">
        <button
          type="button"
          className={`chip ${kind === "force" ? "on" : ""}`}
          aria-pressed={kind === "force"}
          onClick={() => actions.layout.setLayoutKind("force")}
          data-testid="layout-force"
        >
          <Icon name="network" /> Network
        </button>
        <button
          type="button"
          className={`chip ${kind === "community" ? "on" : ""}`}
          aria-pressed={kind === "community"}
          disabled={!metrics.community}
          title={metrics.community ? "Group actors by Louvain community" : "Communities are not available yet"}
          onClick={() => actions.layout.setLayoutKind("community")}
          data-testid="layout-community"
        >
          <svg
            width="16"
            height="16"
            viewBox="0 0 24 24"
            fill="none"
            stroke="currentColor"
            strokeWidth={1.8}
            aria-hidden
          >
            <circle cx="7" cy="8" r="4" />
            <circle cx="17" cy="8" r="3" />
            <circle cx="12" cy="17" r="4" />
          </svg>{" "}
          Communities
        </button>
        <button
          type="button"
          className={`chip ${kind === "geo" ? "on" : ""}`}
          aria-pressed={kind === "geo"}
          disabled={!hasGeo}
          title={hasGeo ? "Place actors by latitude and longitude" : "No actor has a location"}
          onClick={() => actions.layout.setLayoutKind("geo")}
          data-testid="layout-geo"
        >
          <Icon name="globe" /> Geographic
        </button>
        <button
          type="button"
          className={`chip ${running ? "on running" : ""}`}
          aria-pressed={running}
          onClick={() => actions.layout.setLayoutRunning(!running)}
          title="ForceAtlas2, in a web worker"
        >
          <Icon name={running ? "pause" : "play"} /> {running ? "Stop layout" : "Run ForceAtlas2"}
        </button>
      </div>
    </>
  );
}
