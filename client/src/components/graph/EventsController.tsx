// Pointer events: hover highlights a neighbourhood, click selects, a click on empty space clears the selection.
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
      clickStage: () => selection.selectActor(null),
      doubleClickNode: ({ node, preventSigmaDefault }) => {
        preventSigmaDefault();
        selection.focusActor(node);
      },
    });
  }, [registerEvents, sigma, selection]);
  return null;
}
