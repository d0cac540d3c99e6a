// Colour and size: by actor type or community, by the chosen metric.
import { useSigma } from "@react-sigma/core";
import { useEffect, useRef } from "react";
import { appearanceInputs, applyAppearance } from "../../core/appearance";
import type { Ecosystem, EdgeAttrs, NodeAttrs } from "../../core/graph";
import { useAppearance, useEcosystem, useMetrics } from "../../core/hooks";

export function AppearanceController() {
  const sigma = useSigma<NodeAttrs, EdgeAttrs>();
  const eco = useEcosystem();
  const appearance = useAppearance();
  const metrics = useMetrics();
  // Repainting makes Sigma process the whole graph (a second at 50k ties): only when what it reads changes, not
  // for each new metrics object (an analysis that arrives without changing sizes or colours) or label toggle.
  const { sizes, community } = appearanceInputs(appearance, metrics);
  const loaded = useRef<Ecosystem | null>(null);
  useEffect(() => {
    // Each version of the map is drawn with its appearance by GraphDataController, which runs first.
    if (loaded.current !== eco) {
      loaded.current = eco;
      return;
    }
    applyAppearance(sigma.getGraph(), appearance, metrics);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sigma, eco, sizes, community]);
  return null;
}
