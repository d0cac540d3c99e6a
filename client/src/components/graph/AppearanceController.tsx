// Colour and size: by actor type or community, by the chosen metric.
import { useSigma } from "@react-sigma/core";
import { useEffect } from "react";
import { applyAppearance } from "../../core/appearance";
import type { EdgeAttrs, NodeAttrs } from "../../core/graph";
import { useAppearance, useMetrics } from "../../core/hooks";

export function AppearanceController() {
  const sigma = useSigma<NodeAttrs, EdgeAttrs>();
  const appearance = useAppearance();
  const metrics = useMetrics();
  useEffect(() => {
    applyAppearance(sigma.getGraph(), appearance, metrics);
  }, [sigma, appearance, metrics]);
  return null;
}
