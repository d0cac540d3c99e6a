// Moves the camera when something asks for it: zoom to fit, to the selection, to a list of actors, and to a need's
// introduction path when one is shown.
import { useSigma } from "@react-sigma/core";
import { useEffect } from "react";
import type Sigma from "sigma";
import type { EdgeAttrs, NodeAttrs } from "../../core/graph";
import { useCameraRequest, useLayoutSettling, usePath, useSelectedActorId, useVisibleActors } from "../../core/hooks";

/**
 * Room left around framed actors, in pixels. The canvas has overlays on it: the layout chips along the bottom, the map
 * controls down the right on wide screens and across the top right on phones, each up to about 60 px deep; labels run
 * to the right of their actor. With the old 48 px all round, an actor framed at the bottom sat under the chips and
 * one at the right had its label under the controls.
 */
const PAD = { top: 64, right: 170, bottom: 84, left: 64 } as const;

/**
 * Frames the given actors: the camera centres on their bounding box and takes the ratio at which that box, measured
 * in pixels for this viewport (so its aspect counts), fits inside the padding. `minRatio` stops one actor, or two
 * side by side, from filling the screen; `loneRatio` is the zoom for a single spot.
 */
function fitToNodes(
  sigma: Sigma<NodeAttrs, EdgeAttrs>,
  ids: Iterable<string>,
  minRatio = 0.12,
  loneRatio = 0.3,
): boolean {
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
  const camera = sigma.getCamera();
  const centre = { x: (minX + maxX) / 2, y: (minY + maxY) / 2 };
  // Pixels shrink in proportion to the ratio: measure the box at ratio 1, then scale.
  const probe = { ...camera.getState(), ...centre, ratio: 1 };
  const a = sigma.framedGraphToViewport({ x: minX, y: minY }, { cameraState: probe });
  const b = sigma.framedGraphToViewport({ x: maxX, y: maxY }, { cameraState: probe });
  const { width, height } = sigma.getDimensions();
  const room = { x: Math.max(40, width - PAD.left - PAD.right), y: Math.max(40, height - PAD.top - PAD.bottom) };
  const need = Math.max(Math.abs(b.x - a.x) / room.x, Math.abs(b.y - a.y) / room.y);
  // One actor (or several on one spot) has no extent to fit: it gets a fixed zoom instead of an infinite one.
  const ratio = need > 0 ? Math.max(minRatio, need) : loneRatio;
  // The padding is uneven, so the box's centre goes to the centre of the room left, not of the canvas: the camera is
  // moved from the box's centre by as much as that pixel lies from it at this ratio (the mapping is linear).
  // On a canvas too small for the padding, the box is centred on the canvas instead.
  const target = {
    x: width - PAD.left - PAD.right >= 40 ? (PAD.left + width - PAD.right) / 2 : width / 2,
    y: height - PAD.top - PAD.bottom >= 40 ? (PAD.top + height - PAD.bottom) / 2 : height / 2,
  };
  const there = sigma.viewportToFramedGraph(target, { cameraState: { ...probe, ratio } });
  camera.animate({ x: 2 * centre.x - there.x, y: 2 * centre.y - there.y, ratio }, { duration: 500 });
  return true;
}

export function CameraController() {
  const sigma = useSigma<NodeAttrs, EdgeAttrs>();
  const camera = useCameraRequest();
  const selectedActorId = useSelectedActorId();
  const visible = useVisibleActors();
  const settling = useLayoutSettling();
  const path = usePath();

  useEffect(() => {
    // While a new map's first layout moves the actors, a camera aimed at them would miss: it waits.
    if (!camera || settling) return;
    const move = () => {
      const graph = sigma.getGraph();
      if (camera.kind === "fit") {
        // Every actor shown, on a map of one actor as on one of fifty thousand.
        if (!fitToNodes(sigma, visible ?? graph.nodes(), 0.05, 1)) sigma.getCamera().animatedReset({ duration: 500 });
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

  // An introduction path shown on the map is framed whole, each step in view, however far apart its ends are.
  useEffect(() => {
    if (path.length < 2 || settling) return;
    const move = () => fitToNodes(sigma, path);
    sigma.once("afterRender", move);
    sigma.scheduleRender();
    return () => {
      sigma.off("afterRender", move);
    };
  }, [path, sigma, settling]);

  return null;
}
