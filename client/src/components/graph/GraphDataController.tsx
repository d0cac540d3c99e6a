// Loads each new version of the map into Sigma, keeping the positions of actors already drawn so an edit does not
// scramble the picture. A new map is drawn at once in a circle packing; small maps then move to a ForceAtlas2
// layout computed in a worker.
import { useSigma } from "@react-sigma/core";
import { useEffect, useRef } from "react";
import { animateNodes } from "sigma/utils";
import { applyAppearance } from "../../core/appearance";
import { buildGraph, positionsOf, type EdgeAttrs, type NodeAttrs } from "../../core/graph";
import {
  useActions,
  useAppearance,
  useEcosystem,
  useLayoutState,
  useMetrics,
  useVisibleActors,
} from "../../core/hooks";
import { initialLayout, SETTLE_MAX_ORDER, settleInWorker } from "../../core/layout";
import { lightFramesWhileMoving } from "./programs";

/**
 * Above these sizes ties (with the picking layer), and labels, stay out of the frames drawn while the camera moves:
 * in software WebGL each tie costs 1-2 µs of vertex work per frame, and more in fill when ties are long. They come
 * back the moment the camera stops.
 */
const LIGHT_FRAMES_WHILE_MOVING_SIZE = 2_000;
const HIDE_LABELS_ON_MOVE_ORDER = 5_000;

export function GraphDataController() {
  const sigma = useSigma<NodeAttrs, EdgeAttrs>();
  const eco = useEcosystem();
  const appearance = useAppearance();
  const metrics = useMetrics();
  const { kind, running } = useLayoutState();
  const visible = useVisibleActors();
  const actions = useActions();
  const shownMap = useRef<string | null>(null);
  // Appearance and filters are read at load time without making their changes reload the graph.
  const latest = useRef({ appearance, metrics, visible });
  useEffect(() => {
    latest.current = { appearance, metrics, visible };
  }, [appearance, metrics, visible]);
  // The first layout of the map shown, while ForceAtlas2 computes it or actors move to it.
  const settling = useRef<{ mapId: string; stop: () => void } | null>(null);

  useEffect(() => {
    if (!eco) {
      sigma.getGraph().clear();
      shownMap.current = null;
      // No map drawn (an empty map's is "0"): what the browser tests wait on says so.
      delete document.body.dataset.graphOrder;
      return;
    }
    const mapId = eco.view.map.id;
    const sameMap = shownMap.current === mapId;
    const built = buildGraph(eco, sameMap ? positionsOf(sigma.getGraph()) : new Map());
    const graph = built.graph;
    if (settling.current && settling.current.mapId !== mapId) settling.current.stop();
    // ForceAtlas2 starts from the same spots as ever (hashed, or next to neighbours); the packing is what shows
    // meanwhile.
    const settle = !sameMap && graph.order <= SETTLE_MAX_ORDER ? settleInWorker(graph) : null;
    if (!sameMap) initialLayout(graph);
    applyAppearance(graph, latest.current.appearance, latest.current.metrics);
    lightFramesWhileMoving(sigma, graph.size > LIGHT_FRAMES_WHILE_MOVING_SIZE);
    // Each setSetting makes Sigma run the reducers over the whole graph: only when the value changes.
    const hideLabels = graph.order > HIDE_LABELS_ON_MOVE_ORDER;
    if (sigma.getSetting("hideLabelsOnMove") !== hideLabels) sigma.setSetting("hideLabelsOnMove", hideLabels);
    if (!sameMap) {
      // Time to first render of a map, read by `npm run bench:ui` (and visible in the browser's performance panel).
      // The canvases drawn now go out with the next frame; the frame after it starts once that one, WebGL drawing
      // included, is done.
      sigma.once("afterRender", () =>
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            performance.mark("atlas-first-render", { detail: { order: graph.order, size: graph.size } });
            // Large maps keep the packing until someone runs ForceAtlas2.
            if (!settle) performance.mark("atlas-layout-settled");
          }),
        ),
      );
      shownMap.current = mapId;
      // The whole map in view: what zoom-to-fit shows unless a filter is on. Asking CameraController for it would
      // cost another frame, a second or so with 50k ties in software WebGL.
      sigma.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 });
    }
    // One pass over the new graph (setGraph processes and draws it), where `clear()` + `import()` into the old
    // one made Sigma handle an event per actor and tie: 0.8 s of the first frame at 10k actors and 50k ties.
    sigma.setGraph(graph);
    if (!sameMap && latest.current.visible) actions.selection.zoomToFit();
    document.body.dataset.graphOrder = String(graph.order);

    if (settle) {
      let cancelMove: (() => void) | undefined;
      let done = false;
      const finish = (settled: boolean) => {
        if (done) return;
        done = true;
        if (settling.current === current) settling.current = null;
        actions.layout.setSettling(false);
        if (settled) performance.mark("atlas-layout-settled");
      };
      const current = {
        mapId,
        stop: () => {
          settle.cancel();
          cancelMove?.();
          finish(false);
        },
      };
      settling.current = current;
      actions.layout.setSettling(true);
      settle.positions.then(
        (positions) => {
          if (done) return;
          // The graph may be a newer version of the same map by now.
          const target = sigma.getGraph();
          const moves = Object.fromEntries([...positions].filter(([id]) => target.hasNode(id)));
          cancelMove = animateNodes(target, moves, { duration: 700 }, () => finish(true));
        },
        (err: Error) => {
          finish(false);
          actions.ui.showToast(err.message, "error");
        },
      );
    }
  }, [eco, sigma, actions]);

  // Choosing another layout, or unmounting, stops the first one.
  useEffect(() => {
    if (kind !== "force" || running) settling.current?.stop();
  }, [kind, running]);
  useEffect(() => () => settling.current?.stop(), [sigma]);

  return null;
}
