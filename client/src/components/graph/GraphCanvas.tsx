// The map canvas. Sigma is created once for the lifetime of this component (one graph instance, memoised
// settings); each controller inside it handles one concern.
import { SigmaContainer } from "@react-sigma/core";
import { useMemo, useState } from "react";
import type { Settings } from "sigma/settings";
import { createAtlasGraph, type EdgeAttrs, type NodeAttrs } from "../../core/graph";
import { AppearanceController } from "./AppearanceController";
import { BasemapLayer } from "./BasemapLayer";
import { CameraController } from "./CameraController";
import { CandidateEdgesController } from "./CandidateEdgesController";
import { EventsController } from "./EventsController";
import { GeoBackground } from "./GeoBackground";
import { GraphDataController } from "./GraphDataController";
import { drawLabelWithoutOverlap } from "./labels";
import { LayoutController } from "./LayoutController";
import { MapControls } from "./MapControls";
import { NonRespondentsController } from "./NonRespondentsController";
import { atlasPrograms } from "./programs";
import { ReducersController } from "./ReducersController";
import { UnlocatedTray } from "./UnlocatedTray";

const SIGMA_SETTINGS: Partial<Settings<NodeAttrs, EdgeAttrs>> = {
  allowInvalidContainer: true,
  defaultEdgeType: "line",
  renderEdgeLabels: false,
  labelFont: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
  labelSize: 12,
  labelWeight: "500",
  labelColor: { color: "#1F2937" },
  // The grid offers one label candidate per 70 px cell, the largest actor's; the drawer then drops any that would
  // overlap one already drawn (labels.ts), so a denser grid shows more names without a pile-up.
  labelDensity: 1,
  labelGridCellSize: 70,
  labelRenderedSizeThreshold: 6,
  defaultDrawNodeLabel: drawLabelWithoutOverlap,
  zIndex: true,
  stagePadding: 40,
  minCameraRatio: 0.005,
  maxCameraRatio: 5,
  ...atlasPrograms<NodeAttrs, EdgeAttrs>(),
};

export function GraphCanvas() {
  const [graph] = useState(createAtlasGraph);
  const settings = useMemo(() => SIGMA_SETTINGS, []);
  return (
    <SigmaContainer<NodeAttrs, EdgeAttrs> graph={graph} settings={settings} className="atlas-canvas" id="atlas-canvas">
      <GraphDataController />
      <AppearanceController />
      <ReducersController />
      <EventsController />
      <LayoutController />
      <CameraController />
      <CandidateEdgesController />
      <NonRespondentsController />
      <BasemapLayer />
      <GeoBackground />
      <UnlocatedTray />
      <MapControls />
    </SigmaContainer>
  );
}
