// Layouts: ForceAtlas2 iterating in a web worker while `running`; the geographic layout animates actors to their
// coordinates and back to where ForceAtlas2 left them.
import { useSigma } from "@react-sigma/core";
import FA2Layout from "graphology-layout-forceatlas2/worker";
import { useEffect, useRef } from "react";
import { animateNodes } from "sigma/utils";
import { positionsOf, type EdgeAttrs, type NodeAttrs, type Positions } from "../../core/graph";
import { useActions, useEcosystem, useLayoutState } from "../../core/hooks";
import { fa2Settings, geoPositions } from "../../core/layout";

/** ForceAtlas2 stops by itself after this long; it has settled by then on maps of any size we draw. */
const MAX_RUN_MS = 30_000;

export function LayoutController() {
  const sigma = useSigma<NodeAttrs, EdgeAttrs>();
  const eco = useEcosystem();
  const { kind, running } = useLayoutState();
  const { layout, selection } = useActions();
  const forcePositions = useRef<Positions | null>(null);

  useEffect(() => {
    if (!running || !eco) return;
    const graph = sigma.getGraph();
    const fa2 = new FA2Layout(graph, { settings: fa2Settings(graph), getEdgeWeight: "weight" });
    fa2.start();
    const timer = setTimeout(() => layout.setLayoutRunning(false), MAX_RUN_MS);
    return () => {
      clearTimeout(timer);
      fa2.kill();
    };
  }, [running, eco, sigma, layout]);

  const previousKind = useRef(kind);
  useEffect(() => {
    const from = previousKind.current;
    previousKind.current = kind;
    if (from === kind) return;
    const graph = sigma.getGraph();
    let cancel: (() => void) | undefined;
    if (kind === "geo") {
      forcePositions.current = positionsOf(graph);
      cancel = animateNodes(graph, Object.fromEntries(geoPositions(graph)), { duration: 700 }, () =>
        selection.zoomToFit(),
      );
    } else if (forcePositions.current && !running) {
      const back = Object.fromEntries([...forcePositions.current].filter(([id]) => graph.hasNode(id)));
      cancel = animateNodes(graph, back, { duration: 700 }, () => selection.zoomToFit());
    }
    return () => cancel?.();
  }, [kind, running, sigma, selection]);

  // New data in the geographic layout: put every actor, new ones included, at its coordinates.
  useEffect(() => {
    if (kind !== "geo" || !eco) return;
    const graph = sigma.getGraph();
    for (const [id, p] of geoPositions(graph)) graph.mergeNodeAttributes(id, p);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [eco]);

  return null;
}
