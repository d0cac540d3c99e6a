// Pointer events: hover highlights a neighbourhood, click selects, a click on empty space clears the selection; the
// end of a drag redraws what was hidden while the camera moved.
import { useRegisterEvents, useSigma } from "@react-sigma/core";
import { useEffect } from "react";
import type { EdgeAttrs, NodeAttrs } from "../../core/graph";
import { useActions } from "../../core/hooks";

export function EventsController() {
  const sigma = useSigma<NodeAttrs, EdgeAttrs>();
  const registerEvents = useRegisterEvents<NodeAttrs, EdgeAttrs>();
  const { selection } = useActions();
  useEffect(() => {
    const container = sigma.getContainer();
    registerEvents({
      enterNode: ({ node }) => {
        selection.hoverActor(node);
        container.style.cursor = "pointer";
      },
      leaveNode: () => {
        selection.hoverActor(null);
        container.style.cursor = "";
      },
      clickNode: ({ node }) => selection.selectActor(node),
      // A click on a moving picture (during a zoom) may miss the actor it meant: it keeps the selection.
      clickStage: () => {
        if (!sigma.getCamera().isAnimated()) selection.selectActor(null);
      },
      doubleClickNode: ({ node, preventSigmaDefault }) => {
        preventSigmaDefault();
        selection.focusActor(node);
      },
    });
  }, [registerEvents, sigma, selection]);

  // Ties and labels left out while the camera moved come back with the next frame; after a drag that ends without a
  // last move nothing else would draw one. It waits for Sigma to reset its drag count (a timer of its own).
  useEffect(() => {
    const mouse = sigma.getMouseCaptor();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onUp = () => {
      if (!mouse.draggedEvents) return;
      clearTimeout(timer);
      timer = setTimeout(() => sigma.scheduleRender(), 0);
    };
    mouse.on("mouseup", onUp);
    return () => {
      clearTimeout(timer);
      mouse.off("mouseup", onUp);
    };
  }, [sigma]);
  return null;
}
