// Moves the camera when something asks for it: zoom to fit, to the selection, or to a list of actors.
import { useSigma } from "@react-sigma/core";
import { useEffect } from "react";
import type Sigma from "sigma";
import type { EdgeAttrs, NodeAttrs } from "../../core/graph";
import { useCameraRequest, useLayoutSettling, useSelectedActorId, useVisibleActors } from "../../core/hooks";

/** Frames the given actors: the camera centres on their bounding box (in Sigma's framed coordinates). */
function fitToNodes(sigma: Sigma<NodeAttrs, EdgeAttrs>, ids: Iterable<string>, minRatio = 0.12): boolean {
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  let n = 0;
  for (const id of ids) {
    const d = sigma.getNodeDisplayData(id);
    if (!d) continue;
    minX = Math.min(minX, d.x);
    maxX = Math.max(maxX, d.x);
    minY = Math.min(minY, d.y);
    maxY = Math.max(maxY, d.y);
    n++;
  }
  if (!n) return false;
  const ratio = Math.min(1.1, Math.max(minRatio, Math.max(maxX - minX, maxY - minY) * 1.35));
  sigma.getCamera().animate({ x: (minX + maxX) / 2, y: (minY + maxY) / 2, ratio }, { duration: 500 });
  return true;
}

export function CameraController() {
  const sigma = useSigma<NodeAttrs, EdgeAttrs>();
  const camera = useCameraRequest();
  const selectedActorId = useSelectedActorId();
  const visible = useVisibleActors();
  const settling = useLayoutSettling();

  useEffect(() => {
    // While a new map's first layout moves the actors, a camera aimed at them would miss: it waits.
    if (!camera || settling) return;
    const move = () => {
      const graph = sigma.getGraph();
      if (camera.kind === "fit") {
        if (!visible || !fitToNodes(sigma, visible, 0.05)) sigma.getCamera().animatedReset({ duration: 500 });
      } else if (camera.kind === "selection") {
        if (selectedActorId && graph.hasNode(selectedActorId))
          fitToNodes(sigma, [selectedActorId, ...graph.neighbors(selectedActorId)]);
        else sigma.getCamera().animatedReset({ duration: 500 });
      } else {
        const ids = camera.ids.filter((id) => graph.hasNode(id));
        // On a map of three actors or fewer (a new map being filled in), going to one shows them all.
        const around =
          graph.order <= 3 ? graph.nodes() : ids.length === 1 ? [ids[0]!, ...graph.neighbors(ids[0]!)] : ids;
        fitToNodes(sigma, around);
      }
    };
    // Display data (positions, hidden actors) is current once the next frame is drawn, which processes whatever
    // changed; a synchronous refresh here would process the whole graph again (a second at 50k ties).
    sigma.once("afterRender", move);
    sigma.scheduleRender();
    return () => {
      sigma.off("afterRender", move);
    };
    // Only a new request moves the camera, not a change of selection or filters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [camera?.nonce, sigma, settling]);

  return null;
}
