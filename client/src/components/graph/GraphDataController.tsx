// Loads each new version of the map into the one Sigma graph: `graph.clear(); graph.import(next)`, keeping the
// positions of actors already drawn so an edit does not scramble the picture.
import { useSigma } from "@react-sigma/core";
import { useEffect, useRef } from "react";
import { applyAppearance } from "../../core/appearance";
import { buildGraph, positionsOf, type EdgeAttrs, type NodeAttrs } from "../../core/graph";
import { useActions, useAppearance, useEcosystem, useMetrics } from "../../core/hooks";
import { initialLayout } from "../../core/layout";

export function GraphDataController() {
  const sigma = useSigma<NodeAttrs, EdgeAttrs>();
  const eco = useEcosystem();
  const appearance = useAppearance();
  const metrics = useMetrics();
  const actions = useActions();
  const shownMap = useRef<string | null>(null);
  // Appearance is read at load time without making every appearance change reload the graph.
  const latest = useRef({ appearance, metrics });
  useEffect(() => {
    latest.current = { appearance, metrics };
  }, [appearance, metrics]);

  useEffect(() => {
    const graph = sigma.getGraph();
    if (!eco) {
      graph.clear();
      shownMap.current = null;
      return;
    }
    const sameMap = shownMap.current === eco.view.map.id;
    const built = buildGraph(eco, sameMap ? positionsOf(graph) : new Map());
    if (!sameMap) initialLayout(built.graph);
    applyAppearance(built.graph, latest.current.appearance, latest.current.metrics);
    // Large maps: drop edges (and on the largest, labels) while the camera moves, which keeps panning and zooming
    // fluid; they come back the moment the camera stops.
    sigma.setSetting("hideEdgesOnMove", built.graph.size > 20_000);
    sigma.setSetting("hideLabelsOnMove", built.graph.order > 20_000);
    graph.clear();
    graph.import(built.graph);
    if (!sameMap) {
      // Time to first render of a map, read by `npm run bench:ui` (and visible in the browser's performance panel).
      sigma.once("afterRender", () =>
        performance.mark("atlas-first-render", { detail: { order: graph.order, size: graph.size } }),
      );
      shownMap.current = eco.view.map.id;
      sigma.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 });
      actions.selection.zoomToFit();
    }
    document.body.dataset.graphOrder = String(graph.order);
  }, [eco, sigma, actions]);

  return null;
}
